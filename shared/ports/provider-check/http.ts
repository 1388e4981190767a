import type { z } from 'zod';
import { redactString } from '../../logging/redact.js';
import { providerErrorMessage } from './error-message.js';
import { ProviderUnreachableError } from './errors.js';
import type { FetchFn, Provider, ProviderEndpoints } from './port.js';

/** Everything one validation needs to call its provider; `secrets` are scrubbed from every message. */
export interface CallContext {
  provider: Provider;
  label: string;
  endpoints: ProviderEndpoints;
  fetchFn: FetchFn;
  secrets: readonly string[];
}

/** A provider's 2xx answer, body already read. */
export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A 2xx response, or the provider's rejection as a failed ValidationOutcome. */
export type CallResult = { ok: true; response: ProviderResponse } | { ok: false; reason: string };

/** Removes every known secret (and secret-looking value) from a message. */
export function scrub(ctx: Pick<CallContext, 'secrets'>, text: string): string {
  let out = text;
  for (const secret of ctx.secrets) if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
  return redactString(out);
}

/** A ProviderUnreachableError whose message names the provider and the step, with secrets scrubbed. */
export function unreachable(ctx: CallContext, step: string | undefined, what: string, status?: number) {
  const where = step ? `${ctx.label} (${step})` : ctx.label;
  return new ProviderUnreachableError(ctx.provider, scrub(ctx, `${where} ${what}`), status);
}

function networkFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: unknown; cause?: { code?: unknown; name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError')
    return `did not answer within ${timeoutMs} ms.`;
  const code = typeof e.cause?.code === 'string' ? e.cause.code : typeof e.code === 'string' ? e.code : '';
  // Only the error code: messages of network errors may echo URLs.
  return /^[A-Z][A-Z0-9_]*$/.test(code) ? `could not be reached (${code}).` : 'could not be reached.';
}

/**
 * Calls a provider with the configured timeout (and `init.signal`, when given) and no redirects. 2xx resolves
 * ok; 3xx/4xx resolve the provider's reason; network errors, timeouts, 429 and 5xx throw ProviderUnreachableError.
 */
export async function callProvider(
  ctx: CallContext,
  step: string | undefined,
  url: string | URL,
  init: RequestInit = {},
): Promise<CallResult> {
  const timeoutMs = ctx.endpoints.PROVIDER_TIMEOUT_MS;
  let res: Response;
  let text: string;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    res = await ctx.fetchFn(url, { ...init, redirect: 'manual', signal });
    text = await res.text();
  } catch (err) {
    throw unreachable(ctx, step, networkFailure(err, timeoutMs));
  }
  if (res.status >= 200 && res.status < 300)
    return { ok: true, response: { status: res.status, headers: res.headers, text } };
  const message = providerErrorMessage(text, res.headers);
  if (res.status === 429) {
    throw unreachable(ctx, step, `is rate limiting requests (HTTP 429)${message ? `: ${message}` : ''}`, 429);
  }
  if (res.status >= 500) {
    throw unreachable(ctx, step, `answered HTTP ${res.status}${message ? `: ${message}` : ''}`, res.status);
  }
  const reason = message ?? `HTTP ${res.status}`;
  return { ok: false, reason: scrub(ctx, step ? `${step}: ${reason}` : reason) };
}

/** Parses a 2xx body with `schema`; an unexpected body means we are not talking to the provider (502). */
export function parseBody<T>(
  ctx: CallContext,
  step: string | undefined,
  res: ProviderResponse,
  schema: z.ZodType<T>,
): T {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw unreachable(ctx, step, 'answered with a body that is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw unreachable(ctx, step, 'answered in an unexpected format.');
  return parsed.data;
}

/** Form-encodes a flat record (OAuth token requests, AWS query API). */
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Joins a base URL and a path without doubling or dropping slashes. */
export const joinUrl = (base: string, path: string) =>
  `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
