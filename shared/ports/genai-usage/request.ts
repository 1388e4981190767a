import { callProvider, joinUrl, type CallContext, type ProviderResponse } from '../provider-check/http.js';
import { ProviderUnreachableError } from '../provider-check/errors.js';
import type { FetchFn } from '../provider-check/port.js';
import { logger as defaultLogger } from '../../logging/logger.js';
import { CredentialRejectedError, UsageRequestError } from './errors.js';
import type { UsageFetchOptions } from './port.js';
import { backoffMs, realSleep, retryAfterMs } from './retry.js';

/** A configured caller for one provider: call context, options and the headers carrying the key. */
export interface UsageClient {
  ctx: CallContext;
  options: UsageFetchOptions;
  headers: Record<string, string>;
}

type GenAiProvider = 'openai' | 'anthropic';

/** Builds the call context (timeout, secrets to scrub) that http.ts's callProvider expects. */
export function usageClient(
  provider: GenAiProvider,
  label: string,
  options: UsageFetchOptions,
  headers: Record<string, string>,
): UsageClient {
  const ctx: CallContext = {
    provider,
    label,
    // callProvider reads only PROVIDER_TIMEOUT_MS from the endpoints.
    endpoints: { PROVIDER_TIMEOUT_MS: options.timeoutMs } as CallContext['endpoints'],
    fetchFn: options.fetchFn ?? fetch,
    secrets: [options.apiKey],
  };
  return { ctx, options, headers };
}

/** `base/path?query`, array values sent as repeated `name[]=` parameters (both providers' documented form). */
export function usageUrl(base: string, path: string, query: Record<string, string | number | string[]>) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const v of value) params.append(`${name}[]`, v);
    else params.append(name, String(value));
  }
  return `${joinUrl(base, path)}?${params.toString()}`;
}

// Providers echo rejected keys masked (`sk-ad****wxyz`); drop those too.
const MASKED_KEY = /[\w-]*\*{3,}[\w-]*/g;

const retryable = (status: number | undefined) => status === 429 || (status !== undefined && status >= 500);

/**
 * GET `url`; retries 429/5xx (Retry-After, else backoff); 401/403 → CredentialRejectedError; other 4xx →
 * UsageRequestError. `signal` aborts the request and any wait between attempts (the caller no longer wants it).
 */
export async function getWithRetry(
  client: UsageClient,
  step: string,
  url: string,
  signal?: AbortSignal,
): Promise<ProviderResponse> {
  const { ctx, options, headers } = client;
  const maxRetries = options.maxRetries ?? 5;
  const log = options.logger ?? defaultLogger;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    let status = 0;
    let retryAfter: string | null = null;
    const fetchFn: FetchFn = async (input, init) => {
      const res = await ctx.fetchFn(input, init);
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      return res;
    };
    let error: ProviderUnreachableError;
    try {
      const result = await callProvider(
        { ...ctx, fetchFn },
        step,
        url,
        signal ? { headers, signal } : { headers },
      );
      if (result.ok) return result.response;
      const reason = result.reason.replace(MASKED_KEY, '[REDACTED]');
      if (status === 401 || status === 403) {
        throw new CredentialRejectedError(
          ctx.provider,
          `${ctx.label} rejected the admin key: ${reason}`,
          status,
        );
      }
      throw new UsageRequestError(
        ctx.provider,
        `${ctx.label} refused the request (HTTP ${status}): ${reason}`,
        status,
      );
    } catch (err) {
      if (!(err instanceof ProviderUnreachableError) || !retryable(err.status)) throw err;
      error = err;
    }
    if (attempt >= maxRetries) {
      const message = `${error.message} (gave up after ${maxRetries} retries)`;
      throw new ProviderUnreachableError(ctx.provider, message, error.status);
    }
    const delay = retryAfterMs(retryAfter) ?? backoffMs(attempt, options.random);
    log.warn('genai usage request will be retried', {
      provider: ctx.provider,
      step,
      status: error.status,
      retry: attempt + 1,
      delay_ms: delay,
    });
    await (options.sleep ?? realSleep)(delay, signal);
  }
}
