/** An API failure in the one error shape `{error:{code,message,details?,request_id}}`, with its HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details?: unknown,
    /** Seconds to wait, from `Retry-After` (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown; request_id?: unknown };
}

/** The ApiError a failed response stands for (a body that is not the error shape still gives status and id). */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.clone().json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's page): keep the status
  }
  const e = body.error ?? {};
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    typeof e.code === 'string' ? e.code : `HTTP_${response.status}`,
    typeof e.message === 'string' ? e.message : `The server answered ${response.status}.`,
    typeof e.request_id === 'string' ? e.request_id : (response.headers.get('x-request-id') ?? undefined),
    e.details,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/** A message for any error: the API's own, else the error's. */
export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : 'Something went wrong.';
