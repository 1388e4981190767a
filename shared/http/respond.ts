import type { HttpError } from './http-error.js';

/** A handler result with a non-default status or extra headers. */
export class Reply<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const reply = <T>(status: number, body: T, headers?: Record<string, string>) =>
  new Reply(status, body, headers);

/** JSON response; a string body with its own content-type header (e.g. an HTML page) is sent as is. */
export function json(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const raw = typeof body === 'string' && 'content-type' in headers;
  return new Response(status === 204 ? null : raw ? body : JSON.stringify(body), {
    status,
    headers: {
      ...(status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'x-request-id': requestId,
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** The one error shape: `{ error: { code, message, details?, request_id } }`. */
export function errorResponse(err: HttpError, requestId: string): Response {
  const body = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
      request_id: requestId,
    },
  };
  return json(err.status, body, requestId, err.headers);
}
