/**
 * The outcome of one send. `status` is what the receiver answered (HTTP status, or the SMTP reply code for
 * email); `retryable` says whether trying again later may succeed (timeouts, 5xx, 408 and 429, network errors)
 * or not (other 4xx, a redirect, a refused address, a bad configuration). `error` never contains a channel's URL.
 */
export type SendResult =
  { ok: true; status?: number } | { ok: false; status?: number; error: string; retryable: boolean };

export const failed = (error: string, retryable: boolean, status?: number): SendResult => ({
  ok: false,
  error,
  retryable,
  ...(status === undefined ? {} : { status }),
});

/** How long a receiver may take to answer. */
export const SEND_TIMEOUT_MS = 10_000;
