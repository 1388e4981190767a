/**
 * What went wrong, in the domain's terms. Domain code throws `AppError`s only; the HTTP factory maps the kind
 * to a status (`shared/http/status.ts`) and the event factory maps `retryable` to acknowledge or redeliver.
 */
export type ErrorKind =
  /** The input cannot be used as given (a bad field, a malformed file). */
  | 'invalid'
  /** No credentials, or credentials that prove nothing. */
  | 'unauthenticated'
  /** The caller is known but may not do this. */
  | 'forbidden'
  | 'not_found'
  /** The request contradicts the current state (a duplicate name, a cycle, a run that is not failed). */
  | 'conflict'
  /** An outside party refused what it was given (a provider rejecting a credential). */
  | 'rejected'
  /** The org's plan or subscription does not allow it (seats, providers, an inactive subscription). */
  | 'plan_limit'
  /** A usage quota is spent until a reset time. */
  | 'quota'
  /** An outside system could not be reached or failed. */
  | 'upstream'
  /** Not possible right now (a lock held, a timeout); trying again later may work. */
  | 'unavailable';

/** Kinds that go away by themselves: retried unless the thrower says otherwise. */
const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['unavailable', 'upstream']);

const DEFAULT_CODES: Record<ErrorKind, string> = {
  invalid: 'VALIDATION_ERROR',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  rejected: 'REJECTED',
  plan_limit: 'PLAN_LIMIT_REACHED',
  quota: 'QUOTA_EXCEEDED',
  upstream: 'UPSTREAM_UNAVAILABLE',
  unavailable: 'UNAVAILABLE',
};

export interface AppErrorOptions {
  /** The stable machine-readable code clients see; defaults by kind (e.g. NOT_FOUND). */
  code?: string;
  /** Structured detail for the caller (bad fields, the cycle found, the limit hit). */
  details?: unknown;
  /** Whether the same call may succeed later; defaults by kind (upstream and unavailable are). */
  retryable?: boolean;
  /** When a retry may succeed (a quota's reset). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** The one error type of the domain: transport-neutral, with a kind, a code and whether a retry can help. */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly details?: unknown;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? DEFAULT_CODES[kind];
    this.retryable = options.retryable ?? RETRYABLE.has(kind);
    if (options.details !== undefined) this.details = options.details;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** True for an error that retrying cannot fix: the event factory acknowledges and records it. */
export const isPermanent = (err: unknown): err is AppError => err instanceof AppError && !err.retryable;

export const invalidInput = (message: string, details?: unknown) =>
  new AppError('invalid', message, { details });
export const unauthenticated = (message = 'Missing or invalid credentials.') =>
  new AppError('unauthenticated', message);
export const forbidden = (message = 'These credentials do not grant access to this resource.') =>
  new AppError('forbidden', message);
export const notFound = (message = 'Not found.') => new AppError('not_found', message);
export const conflict = (message: string, details?: unknown) =>
  new AppError('conflict', message, { details });
/** A failure that will not go away on retry (a bad file, a missing credential, exhausted retries). */
export const permanent = (message: string, options: AppErrorOptions = {}) =>
  new AppError('invalid', message, { ...options, retryable: false });
/** A failure worth retrying (network, rate limit, a lock): the bus redelivers. */
export const transient = (message: string, options: AppErrorOptions = {}) =>
  new AppError('unavailable', message, options);
/** True for an error worth retrying: the event factory lets the bus redeliver it. */
export const isRetryable = (err: unknown): err is AppError => err instanceof AppError && err.retryable;
