import { setTimeout as wait } from 'node:timers/promises';
import type { Sleep } from './port.js';

/** The default Sleep: a real timer, cleared (and the promise rejected) when `signal` aborts. */
export const realSleep: Sleep = (ms, signal) => wait(ms, undefined, signal ? { signal } : {});

/** Longest wait we accept from a Retry-After header (10 minutes); longer values are clamped. */
export const MAX_RETRY_AFTER_MS = 600_000;
const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

/** Milliseconds to wait from a Retry-After header: delta-seconds or an HTTP date; undefined if absent/invalid. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

/** Exponential backoff with jitter for retry `attempt` (0-based): uniform in [c/2, c], c = min(60 s, 1 s·2^attempt). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
