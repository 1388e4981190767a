export * from './http-errors.js';

/** A failure that will not go away on retry: the event factory acknowledges and records it. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** A failure worth retrying (network, rate limit, lock): the event factory throws so the bus redelivers. */
export class TransientError extends Error {
  override name = 'TransientError';
}
