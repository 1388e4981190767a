/** The one error type that carries its HTTP response; only the HTTP factory turns it into a response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'VALIDATION_ERROR', message, details);
export const unauthenticated = (message = 'Missing or invalid credentials.') =>
  new HttpError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'These credentials do not grant access to this resource.') =>
  new HttpError(403, 'FORBIDDEN', message);
export const notFound = (message = 'Not found.') => new HttpError(404, 'NOT_FOUND', message);
export const conflict = (message: string) => new HttpError(409, 'CONFLICT', message);
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes.`);
export const unsupportedMediaType = () =>
  new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json.');
export const methodNotAllowed = (allowed: string[]) =>
  new HttpError(405, 'METHOD_NOT_ALLOWED', `Method not allowed; use ${allowed.join(', ')}.`, undefined, {
    Allow: allowed.join(', '),
  });
