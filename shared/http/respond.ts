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

/**
 * Headers every response carries: no MIME sniffing, and no page of ours inside anyone's frame (the old header for
 * old browsers, CSP `frame-ancestors` for the rest).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
};

/** `response` with the security headers (a policy it already has keeps its directives and gains frame-ancestors). */
export function secured(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    const had = headers.get(name);
    if (name === 'content-security-policy' && had)
      headers.set(name, /frame-ancestors/i.test(had) ? had : `${had}; ${value}`);
    else headers.set(name, value);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** JSON response; a string body with its own content-type header (e.g. an HTML page) is sent as is. */
export function json(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const raw = typeof body === 'string' && 'content-type' in headers;
  return secured(
    new Response(status === 204 ? null : raw ? body : JSON.stringify(body), {
      status,
      headers: {
        ...(status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'x-request-id': requestId,
        'cache-control': 'no-store',
        ...headers,
      },
    }),
  );
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
