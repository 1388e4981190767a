import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderUnreachableError } from '../provider-check/errors.js';
import { setLogSink } from '../../logging/logger.js';
import { fetchAnthropicCosts, fetchAnthropicUsage } from './anthropic.js';
import { CredentialRejectedError, UsageRequestError } from './errors.js';
import { fetchOpenAiCosts, fetchOpenAiUsage } from './openai.js';
import { aug, usageHarness, type UsageHarness } from './test-support.js';

let h: UsageHarness;
const logs: string[] = [];
beforeAll(async () => {
  h = await usageHarness();
  setLogSink((line) => void logs.push(line));
});
afterAll(() => h.fake.close());
beforeEach(() => h.reset());
// Whatever happened, neither key appears in a log line or a warning.
afterEach(() => {
  for (const line of [...logs, ...h.warnings]) {
    expect(line).not.toContain(h.keys.openai);
    expect(line).not.toContain(h.keys.anthropic);
  }
});

const caught = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  for (const key of [h.keys.openai, h.keys.anthropic]) {
    expect(e.message).not.toContain(key);
    expect(e.message).not.toContain(key.slice(-8));
    expect(JSON.stringify(e)).not.toContain(key);
  }
  return e;
};
const reply =
  (status: number, body: string, headers: Record<string, string> = {}): typeof fetch =>
  async () =>
    new Response(body, { status, headers });
const completions = {
  completions: [{ start_time: aug(1), end_time: aug(2), results: [{ input_tokens: 1 }] }],
};

describe('rate limits and retries', () => {
  it('waits the Retry-After seconds on 429, then succeeds', async () => {
    h.usage.setUsage('openai', completions);
    h.usage.setRateLimit('openai', 2, '7');
    const rows = await fetchOpenAiUsage({ ...h.options('openai'), kinds: ['completions'] });
    expect(rows).toHaveLength(1);
    expect(h.sleeps).toEqual([7000, 7000]);
    expect(h.queries('openai')).toHaveLength(3);
    expect(h.warnings.map((w) => JSON.parse(w) as { status: number }).map((w) => w.status)).toEqual([
      429, 429,
    ]);
  });

  it('honours a Retry-After HTTP date (Anthropic)', async () => {
    h.usage.setRateLimit('anthropic', 1, new Date(Date.now() + 30_000).toUTCString());
    // No logger option: the shared logger reports the retry.
    expect(await fetchAnthropicUsage({ ...h.options('anthropic'), logger: undefined })).toEqual([]);
    expect(logs.some((l) => l.includes('genai usage request will be retried'))).toBe(true);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThan(27_000);
    expect(h.sleeps[0]).toBeLessThanOrEqual(30_000);
  });

  it('backs off exponentially with jitter without Retry-After, and gives up after maxRetries', async () => {
    h.usage.setRateLimit('openai', Infinity, null);
    const err = await caught(fetchOpenAiCosts({ ...h.options('openai'), maxRetries: 3, random: () => 0.5 }));
    expect(err).toBeInstanceOf(ProviderUnreachableError);
    expect((err as ProviderUnreachableError).status).toBe(429);
    expect(err.message).toMatch(
      /^OpenAI \(costs\) is rate limiting requests \(HTTP 429\).*gave up after 3 retries/,
    );
    expect(h.sleeps).toEqual([750, 1500, 3000]);
    expect(h.queries('openai')).toHaveLength(4);
  });

  it('keeps jitter within [c/2, c] of the exponential ceiling', async () => {
    h.usage.setRateLimit('anthropic', Infinity, null);
    await caught(fetchAnthropicCosts({ ...h.options('anthropic'), maxRetries: 4 }));
    h.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
    expect(h.sleeps).toHaveLength(4);
  });

  it('retries 5xx too, then ProviderUnreachableError', async () => {
    h.fake.setFailure('anthropic', 'http500');
    const err = await caught(fetchAnthropicUsage({ ...h.options('anthropic'), maxRetries: 2 }));
    expect(err).toBeInstanceOf(ProviderUnreachableError);
    expect((err as ProviderUnreachableError).status).toBe(500);
    expect(h.sleeps).toHaveLength(2);
  });

  it('does not retry a dropped connection', async () => {
    h.fake.setFailure('openai', 'reset');
    const err = await caught(fetchOpenAiUsage(h.options('openai')));
    expect(err).toBeInstanceOf(ProviderUnreachableError);
    expect(h.queries('openai')).toHaveLength(1);
  });
});

describe('rejections', () => {
  it('OpenAI 401 → CredentialRejectedError with the provider message, key (even masked) removed', async () => {
    h.fake.setValid('openai', []);
    const err = await caught(fetchOpenAiUsage(h.options('openai')));
    expect(err).toBeInstanceOf(CredentialRejectedError);
    expect(err).toMatchObject({ provider: 'openai', status: 401 });
    expect(err.message).toMatch(
      /^OpenAI rejected the admin key: usage\/completions: invalid_api_key: Incorrect API key/,
    );
    expect(err.message).not.toContain(h.keys.openai.slice(0, 5));
    expect(h.sleeps).toEqual([]);
  });

  it('Anthropic 401 → CredentialRejectedError', async () => {
    h.fake.setValid('anthropic', []);
    const err = await caught(fetchAnthropicCosts(h.options('anthropic')));
    expect(err).toBeInstanceOf(CredentialRejectedError);
    expect(err.message).toBe(
      'Anthropic rejected the admin key: cost_report: authentication_error: invalid x-api-key',
    );
  });

  it('scrubs a key the provider echoes verbatim (403)', async () => {
    const body = JSON.stringify({
      error: { message: `key ${h.keys.openai} lacks api.usage.read`, type: 'forbidden' },
    });
    const err = await caught(fetchOpenAiUsage({ ...h.options('openai'), fetchFn: reply(403, body) }));
    expect(err).toMatchObject({ name: 'CredentialRejectedError', status: 403 });
    expect(err.message).toContain('key [REDACTED] lacks api.usage.read');
  });

  it('other 4xx → UsageRequestError; an unexpected 200 body → ProviderUnreachableError', async () => {
    const bad = JSON.stringify({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'bad group_by' },
    });
    const err = await caught(fetchAnthropicUsage({ ...h.options('anthropic'), fetchFn: reply(400, bad) }));
    expect(err).toBeInstanceOf(UsageRequestError);
    expect(err.message).toMatch(/HTTP 400.*bad group_by/);
    const odd = await caught(fetchOpenAiCosts({ ...h.options('openai'), fetchFn: reply(200, '{"data":1}') }));
    expect(odd).toBeInstanceOf(ProviderUnreachableError);
    expect(odd.message).toMatch(/unexpected format/);
  });

  it('stops on a repeated next_page cursor', async () => {
    const page = JSON.stringify({ data: [], has_more: true, next_page: 'same' });
    const err = await caught(fetchAnthropicUsage({ ...h.options('anthropic'), fetchFn: reply(200, page) }));
    expect(err.message).toMatch(/repeated a next_page cursor/);
  });

  it('refuses malformed dates before calling', async () => {
    await expect(fetchOpenAiUsage(h.options('openai', { start: '2026-02-30' }))).rejects.toThrow(RangeError);
    await expect(fetchAnthropicUsage(h.options('anthropic', { end: '2026-07-01' }))).rejects.toThrow(
      /before start/,
    );
    expect(h.fake.requests).toHaveLength(0);
  });
});
