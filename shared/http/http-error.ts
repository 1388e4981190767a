import type { AppError, ErrorKind } from '../errors/index.js';

/** A failure of the HTTP transport itself (a method, a body size or type); the domain never sees it. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The one place an error kind becomes an HTTP status. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  plan_limit: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rejected: 422,
  quota: 429,
  upstream: 502,
  unavailable: 503,
};

export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes.`);
export const unsupportedMediaType = () =>
  new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json.');
export const methodNotAllowed = (allowed: string[]) =>
  new HttpError(405, 'METHOD_NOT_ALLOWED', `Method not allowed; use ${allowed.join(', ')}.`, undefined, {
    Allow: allowed.join(', '),
  });

/** An AppError as the HTTP error it answers with (a quota's retry time as Retry-After). */
export function fromAppError(err: AppError): HttpError {
  const retryAfter = err.retryAfterSeconds;
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'Retry-After': String(Math.max(1, Math.ceil(retryAfter))) };
  return new HttpError(STATUS_OF_KIND[err.kind], err.code, err.message, err.details, headers);
}
