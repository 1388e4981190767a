import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProviders, type FakeProviders, type FakeService } from '../../testing/fake-providers.js';
import {
  testApiKey,
  testAwsKeys,
  testAzureApp,
  testOciKey,
  testServiceAccount,
} from '../../testing/provider-credentials.js';
import { PROVIDERS, ProviderUnreachableError, providerAdapters, type Provider } from './index.js';

type Urls = FakeProviders['urls'];

/** One provider's happy path and wrong-secret path against the fake. */
interface Scenario {
  credential: unknown;
  /** Same shape as `credential`, wrong secret. */
  wrong: unknown;
  config: (urls: Urls) => unknown;
  register: (fake: FakeProviders) => void;
  secrets: string[];
  account: string | null;
  fingerprint: string;
  reason: RegExp;
  /** Services called, in order, by a successful validation. */
  calls: FakeService[];
  malformed: unknown[];
  /** Valid credential without access to the configured resource (second step refuses). */
  denied?: { register: (fake: FakeProviders) => void; reason: RegExp };
}

function apiKeyScenario(
  provider: 'openai' | 'anthropic' | 'gemini' | 'deepseek' | 'azure_openai',
  prefix: string,
  more: Pick<Scenario, 'account' | 'reason'> & Partial<Pick<Scenario, 'config'>>,
): Scenario {
  const key = testApiKey(prefix);
  return {
    credential: key,
    wrong: testApiKey(prefix),
    config: () => ({}),
    register: (fake) => fake.setValid(provider, [key]),
    secrets: [key],
    fingerprint: key.slice(-4),
    calls: [provider],
    malformed: [42, '', 'short', 'two words here', { api_key: key }, null],
    ...more,
  };
}

const sa = testServiceAccount();
const otherSa = testServiceAccount();
const aws = testAwsKeys();
const awsSession = {
  ...testAwsKeys('210987654321'),
  token: `FwoGZXIvYXdzE${testApiKey('')}${testApiKey('')}`,
};
const app = testAzureApp();
const oci = testOciKey();
const TABLE = 'cloudact-test-1.billing.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';

const scenarios: Record<Provider, Scenario> = {
  openai: apiKeyScenario('openai', 'sk-admin-', {
    account: 'org-fakeorganization',
    reason: /Incorrect API key/,
  }),
  anthropic: apiKeyScenario('anthropic', 'sk-ant-admin01-', {
    account: '12345678-1234-5678-1234-567812345678',
    reason: /^authentication_error: invalid x-api-key$/,
  }),
  gemini: apiKeyScenario('gemini', 'AIza', { account: null, reason: /^INVALID_ARGUMENT: API key not valid/ }),
  deepseek: apiKeyScenario('deepseek', 'sk-', { account: null, reason: /Authentication Fails/ }),
  azure_openai: apiKeyScenario('azure_openai', '', {
    account: null,
    reason: /^Access denied due to invalid subscription key/,
    config: (u) => ({ endpoint: u.azureOpenAI }),
  }),
  gcp: {
    credential: sa.credential,
    wrong: { ...sa.credential, private_key: otherSa.credential.private_key },
    config: () => ({ billing_export_table: TABLE }),
    register: (fake) => fake.setValid('google', [sa.fake]),
    secrets: [sa.credential.private_key],
    account: '01A2B3-C4D5E6-F7A8B9',
    fingerprint: sa.credential.private_key_id.slice(-4),
    reason: /^token exchange: invalid_grant: Invalid JWT Signature\.$/,
    calls: ['google_oauth', 'bigquery'],
    malformed: ['{}', { ...sa.credential, type: 'authorized_user' }, { ...sa.credential, private_key: 'x' }],
    denied: {
      register: (fake) => fake.setValid('google', [{ ...sa.fake, access: ['other-project.d.t'] }]),
      reason: /^BigQuery dry run on .*: PERMISSION_DENIED: Access Denied: Table cloudact-test-1:billing/,
    },
  },
  vertex: {
    credential: sa.credential,
    wrong: { ...sa.credential, private_key: otherSa.credential.private_key },
    config: (u) => ({ vertex_endpoint: u.vertex, location: 'europe-west4' }),
    register: (fake) => fake.setValid('google', [sa.fake]),
    secrets: [sa.credential.private_key],
    account: 'cloudact-test-1',
    fingerprint: sa.credential.private_key_id.slice(-4),
    reason: /invalid_grant: Invalid JWT Signature/,
    calls: ['google_oauth', 'vertex'],
    malformed: [{ ...sa.credential, client_email: 'not-an-email' }, 'service-account.json'],
    denied: {
      register: (fake) => fake.setValid('google', [{ ...sa.fake, access: ['someone-else'] }]),
      reason: /PERMISSION_DENIED: Permission 'aiplatform\.endpoints\.list' denied/,
    },
  },
  aws: {
    credential: aws.credential,
    wrong: { ...aws.credential, secret_access_key: testAwsKeys().credential.secret_access_key },
    config: () => ({ export_bucket: 'cur-exports', export_prefix: 'cur2/', region: 'eu-west-1' }),
    register: (fake) => fake.setValid('aws', [aws.fake]),
    secrets: [aws.credential.secret_access_key],
    account: '123456789012',
    fingerprint: aws.credential.access_key_id.slice(-4),
    reason: /^sts:GetCallerIdentity: SignatureDoesNotMatch: The request signature we calculated/,
    calls: ['sts', 's3'],
    malformed: [
      { access_key_id: 'akia-lower', secret_access_key: 'x'.repeat(40) },
      { ...aws.credential, secret_access_key: undefined },
    ],
    denied: {
      register: (fake) => fake.setValid('aws', [{ ...aws.fake, access: ['other-bucket'] }]),
      reason: /^s3:ListObjectsV2 s3:\/\/cur-exports\/cur2\/: AccessDenied: Access Denied$/,
    },
  },
  bedrock: {
    credential: { ...awsSession.credential, session_token: awsSession.token },
    wrong: { ...awsSession.credential, secret_access_key: testAwsKeys().credential.secret_access_key },
    config: () => ({ region: 'us-west-2' }),
    register: (fake) => fake.setValid('aws', [awsSession.fake]),
    secrets: [awsSession.credential.secret_access_key, awsSession.token],
    account: '210987654321',
    fingerprint: awsSession.credential.access_key_id.slice(-4),
    reason: /^sts:GetCallerIdentity: SignatureDoesNotMatch/,
    calls: ['sts', 'bedrock'],
    malformed: ['AKIAXXXXXXXXXXXXXXXX:secret', { ...awsSession.credential, session_token: 'short' }],
  },
  azure: {
    credential: app,
    wrong: { ...app, client_secret: testAzureApp().client_secret },
    config: (u) => ({
      storage_account: 'cloudactexports',
      container: 'cost-exports',
      path: 'focus/',
      azure_blob_endpoint: u.azureBlob,
    }),
    register: (fake) => fake.setValid('azure', [app]),
    secrets: [app.client_secret],
    account: app.tenant_id,
    fingerprint: app.client_secret.slice(-4),
    reason: /^client credentials token: invalid_client: AADSTS7000215: Invalid client secret provided/,
    calls: ['azure_login', 'azure_blob'],
    malformed: [{ ...app, client_id: 'not-a-guid' }, { tenant_id: app.tenant_id }, app.client_secret],
    denied: {
      register: (fake) => fake.setValid('azure', [{ ...app, access: [] }]),
      reason: /^list blobs in cloudactexports\/cost-exports: AuthorizationPermissionMismatch/,
    },
  },
  oci: {
    credential: oci.credential,
    wrong: { ...oci.credential, private_key: testOciKey().credential.private_key },
    config: () => ({}),
    register: (fake) => fake.setValid('oci', [oci.fake]),
    secrets: [oci.credential.private_key],
    account: oci.credential.tenancy_ocid,
    fingerprint: oci.credential.fingerprint.slice(-4),
    reason: /: NotAuthenticated: The required information to complete authentication/,
    calls: ['oci'],
    malformed: [
      { ...oci.credential, fingerprint: 'abc' },
      { ...oci.credential, region: 'US East' },
    ],
    denied: {
      register: (fake) => fake.setValid('oci', [{ ...oci.fake, access: [] }]),
      reason: /: BucketNotFound: Either the bucket named 'ocid1\.tenancy/,
    },
  },
};

/** The secret appears neither raw nor JSON-escaped nor as any long line of it (PEM bodies). */
function expectSecretFree(value: unknown, secrets: string[]) {
  const text =
    value instanceof Error
      ? `${value.name} ${value.message} ${JSON.stringify(value)}`
      : JSON.stringify(value);
  for (const secret of secrets) {
    const pieces = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      ...secret.split('\n').filter((l) => l.length > 20),
    ];
    for (const piece of pieces) expect(text).not.toContain(piece);
  }
}

async function unreachable(promise: Promise<unknown>): Promise<ProviderUnreachableError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderUnreachableError);
  return err as ProviderUnreachableError;
}

let fake: FakeProviders;
let down: { endpoints: FakeProviders['endpoints']; urls: Urls };

beforeAll(async () => {
  fake = await startFakeProviders();
  const closed = await startFakeProviders();
  down = { endpoints: closed.endpoints, urls: closed.urls };
  await closed.close();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

it('has one adapter per provider id', () => {
  expect(Object.keys(providerAdapters).sort()).toEqual([...PROVIDERS].sort());
  for (const p of PROVIDERS) expect(providerAdapters[p].provider).toBe(p);
});

describe.each(PROVIDERS.map((p) => [p, scenarios[p]] as const))('%s', (provider, s) => {
  const adapter = providerAdapters[provider];
  const run = (credential: unknown, endpoints = fake.endpoints, urls = fake.urls) =>
    adapter.validate(credential, s.config(urls), endpoints);

  it('accepts a valid credential with the cheapest call, telling the account', async () => {
    s.register(fake);
    const outcome = await run(s.credential);
    expect(outcome).toMatchObject({ ok: true, account_id: s.account });
    expect(fake.requests.map((r) => r.service)).toEqual(s.calls);
    expectSecretFree(outcome, s.secrets);
  });

  it("rejects a wrong credential with the provider's reason, secret-free", async () => {
    s.register(fake);
    const outcome = await run(s.wrong);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(s.reason);
    expectSecretFree(outcome, [...s.secrets, ...scenarioSecrets(s.wrong)]);
  });

  const denied = s.denied;
  if (denied) {
    it('rejects a credential without access to the configured resource', async () => {
      denied.register(fake);
      const outcome = await run(s.credential);
      expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(denied.reason) });
      expectSecretFree(outcome, s.secrets);
    });
  }

  it.each(s.calls)('throws ProviderUnreachableError when %s answers 500', async (service) => {
    s.register(fake);
    fake.setFailure(service, 'http500');
    const err = await unreachable(run(s.credential));
    expect(err).toMatchObject({ provider, status: 500 });
    expect(err.message).toContain(adapter.label);
    expectSecretFree(err, s.secrets);
  });

  it('throws ProviderUnreachableError on a timeout, a reset, a 429 and a refused connection', async () => {
    s.register(fake);
    const first = s.calls[0] ?? 'openai';
    fake.setFailure(first, 'timeout');
    const timedOut = await unreachable(run(s.credential, { ...fake.endpoints, PROVIDER_TIMEOUT_MS: 150 }));
    expect(timedOut.message).toMatch(/did not answer within 150 ms/);
    fake.setFailure(first, 'reset');
    expect((await unreachable(run(s.credential))).message).toMatch(/could not be reached/);
    fake.setFailure(first, 'http429');
    expect(await unreachable(run(s.credential))).toMatchObject({ status: 429 });
    const refused = await unreachable(run(s.credential, down.endpoints, down.urls));
    expect(refused.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    for (const err of [timedOut, refused]) expectSecretFree(err, s.secrets);
  });

  it('rejects malformed credentials in credentialSchema and in validate, without calling out', async () => {
    for (const bad of s.malformed) {
      expect(adapter.credentialSchema.safeParse(bad).success).toBe(false);
      const outcome = await run(bad);
      expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/^credential is malformed: /) });
      expectSecretFree(outcome, s.secrets);
    }
    expect(adapter.credentialSchema.safeParse(s.credential).success).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('fingerprints with the last four characters only', () => {
    expect(adapter.secretFingerprint(s.credential)).toBe(s.fingerprint);
    expect(s.fingerprint).toHaveLength(4);
  });
});

function scenarioSecrets(credential: unknown): string[] {
  if (typeof credential === 'string') return [credential];
  const c = credential as Record<string, unknown>;
  return ['private_key', 'secret_access_key', 'client_secret', 'session_token']
    .map((k) => c[k])
    .filter((v): v is string => typeof v === 'string');
}

describe('provider answers that need care', () => {
  const key = testApiKey('sk-admin-');
  const answer =
    (status: number, body: string): typeof fetch =>
    async () =>
      new Response(body, { status, headers: { 'content-type': 'application/json' } });
  const echo = JSON.stringify({ error: { message: `bad key ${key}`, type: 'invalid_request_error' } });

  it('scrubs a secret the provider echoes, in a rejection and in a 5xx', async () => {
    const outcome = await providerAdapters.openai.validate(key, {}, fake.endpoints, answer(401, echo));
    expect(outcome).toEqual({ ok: false, reason: 'invalid_request_error: bad key [REDACTED]' });
    const err = await unreachable(
      providerAdapters.deepseek.validate(key, {}, fake.endpoints, answer(503, echo)),
    );
    expect(err.message).toBe('DeepSeek answered HTTP 503: invalid_request_error: bad key [REDACTED]');
  });

  it('does not follow redirects, and treats an unexpected 2xx body as unreachable', async () => {
    const redirect = await providerAdapters.gemini.validate(key, {}, fake.endpoints, answer(302, ''));
    expect(redirect).toEqual({ ok: false, reason: 'HTTP 302' });
    const html = providerAdapters.anthropic.validate(key, {}, fake.endpoints, answer(200, '<html></html>'));
    expect((await unreachable(html)).message).toMatch(/not JSON/);
    const shape = providerAdapters.anthropic.validate(key, {}, fake.endpoints, answer(200, '{"id":1}'));
    expect((await unreachable(shape)).message).toMatch(/unexpected format/);
  });
});
