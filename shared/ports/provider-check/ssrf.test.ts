import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../../testing/fake-providers.js';
import { testApiKey, testAzureApp, testServiceAccount } from '../../testing/provider-credentials.js';
import { providerAdapters } from './index.js';
import { azureContainerUrl, checkAzureOpenAIEndpoint, checkLocalEndpoint } from './ssrf.js';

describe('Azure OpenAI endpoint guard', () => {
  it.each([
    ['https://my-resource.openai.azure.com', 'https://my-resource.openai.azure.com'],
    ['https://my-resource.openai.azure.com/', 'https://my-resource.openai.azure.com'],
    ['https://eastus-ai.cognitiveservices.azure.com:443/', 'https://eastus-ai.cognitiveservices.azure.com'],
    ['https://proj1.services.ai.azure.com', 'https://proj1.services.ai.azure.com'],
  ])('accepts %s in production', (raw, url) => {
    expect(checkAzureOpenAIEndpoint(raw, 'production')).toEqual({ ok: true, url });
  });

  it.each([
    'http://my-resource.openai.azure.com',
    'https://my-resource.openai.azure.com.evil.example',
    'https://openai.azure.com',
    'https://evil.example/?x=.openai.azure.com',
    'https://user:pw@my-resource.openai.azure.com',
    'https://my-resource.openai.azure.com:8443',
    'https://my-resource.openai.azure.com/openai/deployments',
    'https://my-resource.openai.azure.com/#x',
    'https://169.254.169.254',
    'http://127.0.0.1:8080',
    'http://localhost:8080',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s in production', (raw) => {
    expect(checkAzureOpenAIEndpoint(raw, 'production').ok).toBe(false);
    expect(checkAzureOpenAIEndpoint(raw, 'stage').ok).toBe(false);
  });

  it('accepts local servers with a port outside production only', () => {
    for (const env of ['local', 'test', 'development'] as const) {
      expect(checkAzureOpenAIEndpoint('http://127.0.0.1:8080/fake', env)).toEqual({
        ok: true,
        url: 'http://127.0.0.1:8080/fake',
      });
      expect(checkAzureOpenAIEndpoint('http://localhost:9000', env).ok).toBe(true);
    }
    expect(checkLocalEndpoint('http://127.0.0.1/', 'test', 'x').ok).toBe(false);
    expect(checkLocalEndpoint('http://10.0.0.1:80/', 'test', 'x').ok).toBe(false);
    expect(checkLocalEndpoint('http://[::1]:80/', 'test', 'x').ok).toBe(false);
  });
});

describe('Azure storage container guard', () => {
  it('builds the blob URL from a strict account name', () => {
    expect(azureContainerUrl('cloudact01', 'exports', undefined, 'production')).toEqual({
      ok: true,
      url: 'https://cloudact01.blob.core.windows.net/exports',
    });
    for (const bad of ['ab', 'Upper', 'evil.com#', 'a'.repeat(25), 'x.blob.core.windows.net']) {
      expect(azureContainerUrl(bad, 'exports', undefined, 'production').ok).toBe(false);
    }
  });

  it('accepts azure_blob_endpoint outside production only', () => {
    expect(azureContainerUrl('acct', 'c01', 'http://127.0.0.1:10000', 'test')).toEqual({
      ok: true,
      url: 'http://127.0.0.1:10000/acct/c01',
    });
    expect(azureContainerUrl('acct', 'c01', 'http://127.0.0.1:10000', 'production').ok).toBe(false);
    expect(azureContainerUrl('acct', 'c01', 'https://evil.example', 'test').ok).toBe(false);
  });
});

describe('adapters refuse config URLs before calling anyone', () => {
  let fake: FakeProviders;
  beforeAll(async () => {
    fake = await startFakeProviders();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const production = () => ({ ...fake.endpoints, ENVIRONMENT: 'production' as const });

  it('azure_openai: a local endpoint in production', async () => {
    const key = testApiKey('');
    fake.setValid('azure_openai', [key]);
    const outcome = await providerAdapters.azure_openai.validate(
      key,
      { endpoint: fake.urls.azureOpenAI },
      production(),
    );
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/^endpoint must be https:/) });
    expect(fake.requests).toEqual([]);
  });

  it('azure: azure_blob_endpoint in production, and a bad storage account anywhere', async () => {
    const app = testAzureApp();
    fake.setValid('azure', [app]);
    const config = {
      storage_account: 'acct1',
      container: 'exports',
      azure_blob_endpoint: fake.urls.azureBlob,
    };
    const prod = await providerAdapters.azure.validate(app, config, production());
    expect(prod).toEqual({ ok: false, reason: 'azure_blob_endpoint is only accepted outside production.' });
    const bad = { ...config, storage_account: 'evil.example/x?' };
    expect(await providerAdapters.azure.validate(app, bad, fake.endpoints)).toMatchObject({ ok: false });
    expect(fake.requests).toEqual([]);
  });

  it('vertex: vertex_endpoint in production', async () => {
    const sa = testServiceAccount();
    fake.setValid('google', [sa.fake]);
    const outcome = await providerAdapters.vertex.validate(
      sa.credential,
      { vertex_endpoint: fake.urls.vertex },
      production(),
    );
    expect(outcome).toEqual({ ok: false, reason: 'vertex_endpoint is only accepted outside production.' });
    expect(fake.requests).toEqual([]);
  });

  it('gcp: a billing table that is not project.dataset.table', async () => {
    const sa = testServiceAccount();
    for (const table of [
      'p.d',
      'cloudact-test-1.d.t` UNION ALL SELECT 1 --',
      'cloudact-test-1.d.t;',
      'a.b.c',
    ]) {
      const outcome = await providerAdapters.gcp.validate(
        sa.credential,
        { billing_export_table: table },
        fake.endpoints,
      );
      expect(outcome).toEqual({
        ok: false,
        reason: expect.stringMatching(/^config is malformed: billing_export_table/),
      });
    }
    expect(fake.requests).toEqual([]);
  });
});
