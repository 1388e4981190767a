import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import {
  testAwsKeys,
  testAzureApp,
  testOciKey,
  testServiceAccount,
} from '../../shared/testing/provider-credentials.js';
import { providerAdapters } from '../../shared/ports/provider-check/index.js';
import { PROVIDERS } from '../../shared/contracts/providers.js';
import { PROVIDER_SCHEMAS, type ProviderInfo } from '../../shared/contracts/provider-schemas.js';
import { apiKey, fakeProviderEnv } from '../__tests__/helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
let fake: FakeProviders;
let p: TestPlatform;
beforeAll(async () => {
  fake = await startFakeProviders();
  p = await startTestPlatform(fakeProviderEnv(fake));
});
afterAll(async () => {
  await p.close();
  await fake.close();
});

async function catalogue(org: { org_slug: string; api_key: string }): Promise<ProviderInfo[]> {
  const res = await p.request(`/api/v1/integrations/${org.org_slug}/providers`, {
    headers: apiKey(org.api_key),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { items: ProviderInfo[]; next_cursor: string | null };
  expect(body.next_cursor).toBeNull();
  return body.items;
}
const byId = (items: ProviderInfo[], id: string) => items.find((i) => i.id === id)!;
const names = (
  fields: ProviderInfo['credential_fields'],
  pred: (f: ProviderInfo['credential_fields'][number]) => boolean,
) => fields.filter(pred).map((f) => f.name);

describe('GET /api/v1/integrations/{org}/providers', () => {
  it('lists the 11 providers in API order, cloud then GenAI, with names and credential kinds', async () => {
    const items = await catalogue(await p.onboard());
    expect(items.map((i) => i.id)).toEqual([...PROVIDERS]);
    expect(items.filter((i) => i.category === 'cloud').map((i) => i.id)).toEqual([
      'gcp',
      'aws',
      'azure',
      'oci',
    ]);
    for (const i of items) expect(i.name).toBe(providerAdapters[i.id].label);
    expect(Object.fromEntries(items.map((i) => [i.id, i.credential_type]))).toEqual({
      gcp: 'json',
      aws: 'object',
      azure: 'object',
      oci: 'object',
      openai: 'string',
      anthropic: 'string',
      gemini: 'string',
      deepseek: 'string',
      azure_openai: 'string',
      bedrock: 'object',
      vertex: 'json',
    });
    // Usage import is offered exactly where the provider's usage pipeline reads imports.
    const readsImports = (id: string) => {
      const file = join(REPO, 'pipelines', id, 'genai', 'usage.yml');
      return existsSync(file) && /\bsource: import\b/.test(readFileSync(file, 'utf8'));
    };
    expect(items.filter((i) => i.usage_import).map((i) => i.id)).toEqual(
      items.filter((i) => readsImports(i.id)).map((i) => i.id),
    );
    expect(items.filter((i) => i.usage_import).map((i) => i.id)).toEqual([
      'gemini',
      'deepseek',
      'azure_openai',
      'bedrock',
      'vertex',
    ]);
  });

  it('marks exactly the secret fields secret, with the file formats for key files', async () => {
    const items = await catalogue(await p.onboard());
    const secrets = Object.fromEntries(
      items.map((i) => [i.id, names([...i.credential_fields, ...i.config_fields], (f) => f.secret)]),
    );
    expect(secrets).toEqual({
      gcp: ['credential'],
      aws: ['secret_access_key', 'session_token'],
      azure: ['client_secret'],
      oci: ['private_key', 'passphrase'],
      openai: ['credential'],
      anthropic: ['credential'],
      gemini: ['credential'],
      deepseek: ['credential'],
      azure_openai: ['credential'],
      bedrock: ['secret_access_key', 'session_token'],
      vertex: ['credential'],
    });
    expect(byId(items, 'gcp').credential_fields[0]).toMatchObject({ format: 'json-file', required: true });
    expect(byId(items, 'vertex').credential_fields[0]).toMatchObject({ format: 'json-file' });
    expect(byId(items, 'oci').credential_fields.find((f) => f.name === 'private_key')).toMatchObject({
      format: 'pem-file',
      required: true,
    });
    expect(byId(items, 'azure_openai').config_fields.find((f) => f.name === 'model_aliases')).toMatchObject({
      type: 'record',
      format: 'key-value',
      required: false,
    });
    for (const i of items) {
      for (const f of [...i.credential_fields, ...i.config_fields]) {
        expect(f.title, `${i.id}.${f.name}`).not.toBe(f.name);
        expect(f.description.length, `${i.id}.${f.name}`).toBeGreaterThan(10);
      }
    }
  });

  it('states required fields and defaults as the schemas parse them', async () => {
    const items = await catalogue(await p.onboard());
    const required = (id: string) =>
      names([...byId(items, id).credential_fields, ...byId(items, id).config_fields], (f) => f.required);
    expect(required('aws')).toEqual(['access_key_id', 'secret_access_key', 'export_bucket']);
    expect(required('azure')).toEqual([
      'tenant_id',
      'client_id',
      'client_secret',
      'storage_account',
      'container',
    ]);
    expect(required('oci')).toEqual(['tenancy_ocid', 'user_ocid', 'fingerprint', 'private_key', 'region']);
    expect(required('gcp')).toEqual(['credential', 'billing_export_table']);
    expect(required('azure_openai')).toEqual(['credential', 'endpoint']);
    expect(required('openai')).toEqual(['credential']);
    const defaults = (id: string) =>
      Object.fromEntries(
        byId(items, id)
          .config_fields.filter((f) => f.default)
          .map((f) => [f.name, f.default]),
      );
    expect(defaults('oci')).toEqual({ namespace: 'bling' });
    expect(defaults('vertex')).toEqual({ location: 'us-central1' });
    expect(defaults('bedrock')).toEqual({ region: 'us-east-1' });
    expect(defaults('azure_openai')).toEqual({ api_version: '2024-10-21' });
    // An empty config parses to exactly the stated defaults.
    for (const id of ['oci', 'vertex', 'bedrock'] as const) {
      expect(providerAdapters[id].configSchema.parse({})).toEqual(defaults(id));
    }
  });

  it('describes the schemas the validation parses with (one source)', async () => {
    for (const id of PROVIDERS) {
      expect(providerAdapters[id].configSchema, id).toBe(PROVIDER_SCHEMAS[id].config);
    }
    for (const id of PROVIDERS) {
      expect(providerAdapters[id].credentialSchema, id).toBe(PROVIDER_SCHEMAS[id].credential);
    }
    // A credential built from exactly the described fields is well formed; one without a required field is not.
    const items = await catalogue(await p.onboard());
    const samples: Record<string, Record<string, unknown>> = {
      aws: testAwsKeys().credential,
      azure: testAzureApp(),
      oci: testOciKey().credential,
      gcp: testServiceAccount().credential,
    };
    for (const [id, sample] of Object.entries(samples)) {
      const info = byId(items, id);
      const cred =
        info.credential_type === 'object'
          ? Object.fromEntries(
              info.credential_fields.filter((f) => f.name in sample).map((f) => [f.name, sample[f.name]]),
            )
          : sample;
      const schema = providerAdapters[info.id].credentialSchema;
      expect(schema.safeParse(cred).success, id).toBe(true);
      if (info.credential_type === 'object') {
        for (const f of info.credential_fields.filter((x) => x.required)) {
          const { [f.name]: _dropped, ...rest } = cred as Record<string, unknown>;
          expect(schema.safeParse(rest).success, `${id} without ${f.name}`).toBe(false);
        }
      }
    }
  });

  it('setup refuses a config missing a described required field with 400 naming it', async () => {
    const org = await p.onboard();
    const res = await p.request(`/api/v1/integrations/${org.org_slug}/azure_openai/setup`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: { credential: 'azure-openai-key-123456', config: {} },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('body.config.endpoint');
  });

  it('never takes the place of an org: an org slugged "providers" still lists its integrations', async () => {
    const org = await p.onboard({ org_slug: 'providers' });
    fake.setValid('openai', ['sk-admin-providers-org-0001']);
    const setup = await p.request(`/api/v1/integrations/providers/openai/setup`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: { credential: 'sk-admin-providers-org-0001', name: 'Main' },
    });
    expect(setup.status).toBe(201);
    const list = await p.request('/api/v1/integrations/providers', { headers: apiKey(org.api_key) });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: { name: string }[] }).items.map((i) => i.name)).toEqual(['Main']);
    expect((await catalogue(org)).length).toBe(11);
  });

  it('is refused without a key and with another org’s key', async () => {
    const a = await p.onboard();
    const b = await p.onboard();
    expect((await p.request(`/api/v1/integrations/${a.org_slug}/providers`)).status).toBe(401);
    const other = await p.request(`/api/v1/integrations/${a.org_slug}/providers`, {
      headers: apiKey(b.api_key),
    });
    expect(other.status).toBe(403);
  });
});

describe('the usage import the integrations page sends', () => {
  it('refuses a file with a bad row as a whole, naming {row, path, message}; the fixed file imports', async () => {
    const org = await p.onboard();
    fake.setValid('deepseek', ['sk-deepseek-import-0001']);
    const setup = await p.request(`/api/v1/integrations/${org.org_slug}/deepseek/setup`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: { credential: 'sk-deepseek-import-0001' },
    });
    expect(setup.status).toBe(201);
    const { credential_id } = (await setup.json()) as { credential_id: string };
    const send = (csv: string) =>
      p.request(`/api/v1/genai/${org.org_slug}/usage/import`, {
        method: 'POST',
        headers: apiKey(org.api_key),
        json: { provider: 'deepseek', credential_id, csv },
      });
    const header = 'usage_date,model,input_tokens,output_tokens\n';
    const bad = await send(`${header}2026-10-01,deepseek-chat,100,10\n2026-10-02,deepseek-chat,,10\n`);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string; details: unknown } };
    expect(body.error.message).toBe('1 of 2 rows are invalid; nothing was imported.');
    expect(body.error.details).toEqual([{ row: 2, path: 'input_tokens', message: expect.any(String) }]);
    const good = await send(`${header}2026-10-01,deepseek-chat,100,10\n2026-10-02,deepseek-chat,200,10\n`);
    expect(good.status).toBe(201);
    expect(await good.json()).toMatchObject({
      rows: 2,
      start_date: '2026-10-01',
      end_date: '2026-10-02',
      days: 2,
    });
  });
});
