import { startFakeProviders, type FakeProviders } from '../../testing/fake-providers.js';
import { fakeUsage, type FakeUsage } from '../../testing/fake-providers/genai.js';
import { testApiKey } from '../../testing/provider-credentials.js';
import type { UsageFetchOptions } from './port.js';

/** Unix seconds of 00:00Z of 2026-08-`day` (tests' calendar). */
export const aug = (day: number) => Date.UTC(2026, 7, day) / 1000;

/** RFC 3339 of 00:00Z of 2026-08-`day`. */
export const augIso = (day: number) => new Date(aug(day) * 1000).toISOString().replace('.000Z', 'Z');

/** A fake provider server with valid OpenAI/Anthropic admin keys, and options that record sleeps and logs. */
export interface UsageHarness {
  fake: FakeProviders;
  usage: FakeUsage;
  keys: { openai: string; anthropic: string };
  sleeps: number[];
  warnings: string[];
  options(provider: 'openai' | 'anthropic', more?: Partial<UsageFetchOptions>): UsageFetchOptions;
  /** Query strings of the requests made to `provider` so far. */
  queries(provider: 'openai' | 'anthropic'): URLSearchParams[];
  reset(): void;
}

/** Starts the fake and builds the harness (call close() on `fake` after the suite). */
export async function usageHarness(): Promise<UsageHarness> {
  const fake = await startFakeProviders();
  const usage = fakeUsage(fake);
  const keys = { openai: testApiKey('sk-admin-'), anthropic: testApiKey('sk-ant-admin01-') };
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const h: UsageHarness = {
    fake,
    usage,
    keys,
    sleeps,
    warnings,
    options: (provider, more = {}) => ({
      apiKey: keys[provider],
      baseUrl: provider === 'openai' ? fake.endpoints.OPENAI_BASE_URL : fake.endpoints.ANTHROPIC_BASE_URL,
      timeoutMs: fake.endpoints.PROVIDER_TIMEOUT_MS,
      start: '2026-08-01',
      end: '2026-08-10',
      sleep: async (ms) => void sleeps.push(ms),
      logger: { warn: (message, fields) => void warnings.push(JSON.stringify({ message, ...fields })) },
      ...more,
    }),
    queries: (provider) =>
      fake.requests.filter((r) => r.service === provider).map((r) => new URL(r.url, fake.url).searchParams),
    reset() {
      fake.reset();
      usage.reset();
      fake.setValid('openai', [keys.openai]);
      fake.setValid('anthropic', [keys.anthropic]);
      sleeps.length = 0;
      warnings.length = 0;
    },
  };
  h.reset();
  return h;
}
