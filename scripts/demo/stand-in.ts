/**
 * The demo's stand-in for the providers: the local provider server (shared/testing/fake-providers.ts) answering
 * in OpenAI's, Anthropic's, DeepSeek's and AWS's documented formats, with the demo's generated usage installed and
 * the demo's keys accepted. The platform reaches it through the provider base URL settings. Usage belongs to a key
 * (as a provider's usage belongs to its account), not to a CloudAct org: any org that connects a key it accepts
 * reads that key's usage.
 */
import { randomBytes } from 'node:crypto';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import { fakeUsage } from '../../shared/testing/fake-providers/genai.js';
import { DEMO_AWS } from './aws-cur.js';
import { anthropicUsage, openAiUsage } from './genai-usage.js';

/** The (made-up) keys the demo's integrations hold and the stand-in accepts. */
export interface DemoKeys {
  openai: string;
  anthropic: string;
  aws: { access_key_id: string; secret_access_key: string };
  /**
   * DeepSeek has no usage API: its key only connects the integration that usage imports are made for. Absent in a
   * demo created before the stand-in accepted one.
   */
  deepseek?: string;
}

const token = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x');

export function newDemoKeys(): DemoKeys {
  return {
    openai: `sk-admin-demo-${token(24)}`,
    anthropic: `sk-ant-admin01-demo-${token(24)}`,
    aws: {
      access_key_id: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secret_access_key: randomBytes(30).toString('base64'),
    },
    deepseek: `sk-${randomBytes(16).toString('hex')}`,
  };
}

export interface StandIn {
  url: string;
  /**
   * Provider settings pointing at the stand-in. DeepSeek's only when the demo has a DeepSeek key (a demo created
   * before it had none): otherwise a real DeepSeek key would be sent to a stand-in that refuses every key.
   */
  endpoints: {
    OPENAI_BASE_URL: string;
    ANTHROPIC_BASE_URL: string;
    DEEPSEEK_BASE_URL?: string;
    AWS_ENDPOINT_URL: string;
  };
  close(): Promise<void>;
}

/** Starts the stand-in serving the demo's usage from `origin` to `until` (both included). */
export async function startStandIn(
  keys: DemoKeys,
  seed: string,
  origin: string,
  until: string,
): Promise<StandIn> {
  const fake: FakeProviders = await startFakeProviders();
  fake.setValid('openai', [keys.openai]);
  fake.setValid('anthropic', [keys.anthropic]);
  if (keys.deepseek) fake.setValid('deepseek', [keys.deepseek]);
  fake.setValid('aws', [{ ...keys.aws, account: DEMO_AWS.payer, access: [DEMO_AWS.bucket] }]);
  const usage = fakeUsage(fake);
  usage.setUsage('openai', openAiUsage(seed, origin, origin, until));
  usage.setUsage('anthropic', anthropicUsage(seed, origin, origin, until));
  const e = fake.endpoints;
  return {
    url: fake.url,
    endpoints: {
      OPENAI_BASE_URL: e.OPENAI_BASE_URL,
      ANTHROPIC_BASE_URL: e.ANTHROPIC_BASE_URL,
      ...(keys.deepseek ? { DEEPSEEK_BASE_URL: e.DEEPSEEK_BASE_URL } : {}),
      AWS_ENDPOINT_URL: e.AWS_ENDPOINT_URL!,
    },
    async close() {
      usage.reset();
      await fake.close();
    },
  };
}
