import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys, testServiceAccount } from '../../shared/testing/provider-credentials.js';
import { loadCredentialSecret } from '../../shared/integrations/store.js';
import { apiKey, fakeProviderEnv } from '../__tests__/helpers.js';

let fake: FakeProviders;
let p: TestPlatform;
beforeAll(async () => {
  fake = await startFakeProviders();
  p = await startTestPlatform(fakeProviderEnv(fake), { databaseOnDisk: true });
});
afterAll(async () => {
  await p.close();
  await fake.close();
});

const setup = (org: { org_slug: string; api_key: string }, provider: string, body: unknown) =>
  p.request(`/api/v1/integrations/${org.org_slug}/${provider}/setup`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: body,
  });
const stored = async (org: string) =>
  (await (await p.ctx.db()).query('SELECT * FROM org_integration_credentials WHERE org_slug = $1', [org]))
    .rows;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)],
  );
}

describe('integration setup', () => {
  it('stores a valid credential encrypted, several per provider, and lists them without secrets', async () => {
    const org = await p.onboard();
    fake.setValid('openai', ['sk-admin-first-key-1111', 'sk-admin-second-key-2222']);
    const a = await setup(org, 'openai', { credential: 'sk-admin-first-key-1111', name: 'Prod' });
    expect(a.status).toBe(201);
    const created = (await a.json()) as { credential_id: string; fingerprint: string; status: string };
    expect(created).toMatchObject({ status: 'VALID', fingerprint: '1111' });
    expect(
      (await setup(org, 'openai', { credential: 'sk-admin-second-key-2222', name: 'Research' })).status,
    ).toBe(201);
    expect(
      (await setup(org, 'openai', { credential: 'sk-admin-second-key-2222', name: 'Research' })).status,
    ).toBe(409);
    const list = await p.request(`/api/v1/integrations/${org.org_slug}`, { headers: apiKey(org.api_key) });
    const text = await list.text();
    expect(
      JSON.parse(text)
        .items.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['Prod', 'Research']);
    expect(text).not.toContain('sk-admin');
    const rows = await stored(org.org_slug);
    expect(JSON.stringify(rows)).not.toContain('sk-admin-first-key-1111');
    // Only the step that needs it decrypts it.
    expect((await loadCredentialSecret(p.ctx, org.org_slug, created.credential_id)).credential).toBe(
      'sk-admin-first-key-1111',
    );
  });

  it('refuses an invalid credential with 422 and the provider reason, storing nothing', async () => {
    const org = await p.onboard();
    fake.setValid('anthropic', ['sk-ant-admin-the-right-one']);
    const res = await setup(org, 'anthropic', { credential: 'sk-ant-admin-the-wrong-one' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('CREDENTIAL_INVALID');
    expect(body.error.message).toMatch(/Anthropic rejected the credential/);
    expect(JSON.stringify(body)).not.toContain('sk-ant-admin-the-wrong-one');
    expect(await stored(org.org_slug)).toEqual([]);
  });

  it('answers 502 when the provider cannot be reached, storing nothing', async () => {
    const org = await p.onboard();
    fake.setValid('deepseek', ['sk-deepseek-0123456789']);
    fake.setFailure('deepseek', 'http500');
    try {
      const res = await setup(org, 'deepseek', { credential: 'sk-deepseek-0123456789' });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PROVIDER_UNREACHABLE');
      expect(await stored(org.org_slug)).toEqual([]);
    } finally {
      fake.setFailure('deepseek', 'none');
    }
  });

  it('rejects malformed credentials and config with 400 before calling the provider', async () => {
    const org = await p.onboard();
    const before = fake.requests.length;
    expect((await setup(org, 'gcp', { credential: 'not-a-service-account', config: {} })).status).toBe(400);
    expect((await setup(org, 'aws', { credential: { access_key_id: 1 } })).status).toBe(400);
    expect((await setup(org, 'nosuchcloud', { credential: 'x' })).status).toBe(400);
    expect(fake.requests.length).toBe(before);
  });

  it('re-validates a stored credential and records INVALID when the provider revokes it', async () => {
    const org = await p.onboard();
    fake.setValid('gemini', ['AIzaSy-gemini-key-0001']);
    const { credential_id } = (await (
      await setup(org, 'gemini', { credential: 'AIzaSy-gemini-key-0001' })
    ).json()) as { credential_id: string };
    fake.setValid('gemini', []);
    const res = await p.request(`/api/v1/integrations/${org.org_slug}/gemini/validate`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: { credential_id },
    });
    expect(await res.json()).toMatchObject({ status: 'INVALID', credential_id });
    expect((await stored(org.org_slug))[0]).toMatchObject({ status: 'INVALID' });
  });

  it('keeps every secret out of the database files, the warehouse and the logs', async () => {
    const org = await p.onboard();
    const sa = testServiceAccount();
    const aws = testAwsKeys();
    fake.setValid('google', [
      { ...sa.fake, access: ['cloudact-test-1.billing.gcp_billing_export_v1_0000'] },
    ] as never);
    fake.setValid('aws', [{ ...aws.fake, access: ['cur-bucket'] }] as never);
    fake.setValid('openai', ['sk-admin-scan-key-9999']);
    const results = [
      await setup(org, 'openai', { credential: 'sk-admin-scan-key-9999' }),
      await setup(org, 'gcp', {
        credential: sa.credential,
        config: { billing_export_table: 'cloudact-test-1.billing.gcp_billing_export_v1_0000' },
      }),
      await setup(org, 'aws', {
        credential: aws.credential,
        config: { export_bucket: 'cur-bucket', export_prefix: 'cur/', region: 'us-east-1' },
      }),
    ];
    const secrets = [
      'sk-admin-scan-key-9999',
      aws.credential.secret_access_key,
      sa.credential.private_key.split('\n')[1]!,
    ];
    const bodies = await Promise.all(results.map((r) => r.text()));
    expect(
      results.map((r) => r.status),
      bodies.join('\n'),
    ).toEqual([201, 201, 201]);
    for (const s of secrets) {
      for (const b of bodies) expect(b).not.toContain(s);
      expect(p.logs.join('\n')).not.toContain(s);
      expect(JSON.stringify(await stored(org.org_slug))).not.toContain(s);
    }
    if (!process.env.TEST_DATABASE_URL) {
      await p.stop();
      const blobs = filesUnder(p.dataDir).map((f) => [f, readFileSync(f)] as const);
      for (const s of secrets) expect(blobs.filter(([, b]) => b.includes(s)).map(([f]) => f)).toEqual([]);
    }
  });
});
