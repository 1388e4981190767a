import { describe, expect, it } from 'vitest';
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { openSecrets } from './open.js';
import type { SecretsOptions } from './port.js';
import { secretManagerSecrets } from './secret-manager.js';
import { fakeGoogleClient, grpcError, type NamedRequest } from '../../testing/google-client.js';

const envOptions = (overrides: Partial<SecretsOptions> = {}): SecretsOptions => ({
  kind: 'env',
  env: {},
  suffix: 'test',
  ...overrides,
});

/** A Secret Manager stand-in: `respond` decides each answer; every request name is recorded. */
const fakeSecretManager = (respond: (request: NamedRequest) => Promise<unknown>) =>
  fakeGoogleClient<SecretManagerServiceClient, 'accessSecretVersion'>('accessSecretVersion', respond);

const payload = (value: string) => [{ payload: { data: new Uint8Array(Buffer.from(value, 'utf8')) } }];

describe('env secrets adapter', () => {
  it('returns the configured values and undefined for the rest', async () => {
    const secrets = await openSecrets(
      envOptions({ env: { 'ca-root-api-key': 'root-key', 'database-url': 'postgres://x' } }),
    );
    expect(await secrets.get('ca-root-api-key')).toBe('root-key');
    expect(await secrets.get('database-url')).toBe('postgres://x');
    expect(await secrets.get('stripe-secret-key')).toBeUndefined();
    expect(await secrets.get('supabase-jwt-secret')).toBeUndefined();
  });

  it('Secret Manager needs a project id', async () => {
    await expect(openSecrets(envOptions({ kind: 'secret-manager' }))).rejects.toThrow(/GCP_PROJECT_ID/);
  });
});

describe('Secret Manager secrets adapter', () => {
  it('reads the latest version of <name>-<suffix> and decodes the payload bytes', async () => {
    const sm = fakeSecretManager(async () => payload('s3cr3t-ünï'));
    const secrets = secretManagerSecrets('p', 'prod', sm.client);
    expect(await secrets.get('ca-root-api-key')).toBe('s3cr3t-ünï');
    expect(sm.requests).toEqual(['projects/p/secrets/ca-root-api-key-prod/versions/latest']);
  });

  it('caches each secret: two gets make one call, another name makes its own', async () => {
    let n = 0;
    const sm = fakeSecretManager(async () => payload(`value-${++n}`));
    const secrets = secretManagerSecrets('p', 'prod', sm.client);
    expect(await secrets.get('ca-root-api-key')).toBe('value-1');
    expect(await secrets.get('ca-root-api-key')).toBe('value-1');
    expect(sm.requests).toHaveLength(1);
    expect(await secrets.get('stripe-secret-key')).toBe('value-2');
    expect(sm.requests).toEqual([
      'projects/p/secrets/ca-root-api-key-prod/versions/latest',
      'projects/p/secrets/stripe-secret-key-prod/versions/latest',
    ]);
  });

  it('returns undefined for a version without payload data', async () => {
    const sm = fakeSecretManager(async () => [{ payload: {} }]);
    expect(await secretManagerSecrets('p', 'prod', sm.client).get('database-url')).toBeUndefined();
  });

  it('returns undefined when the secret does not exist (gRPC NOT_FOUND, code 5)', async () => {
    const sm = fakeSecretManager(async () => {
      throw grpcError(5, '5 NOT_FOUND: Secret [projects/p/secrets/x] not found');
    });
    expect(await secretManagerSecrets('p', 'prod', sm.client).get('stripe-secret-key')).toBeUndefined();
  });

  it.each([
    [7, 'PERMISSION_DENIED'],
    [14, 'UNAVAILABLE'],
  ])('rethrows other errors (code %i) and does not cache them', async (code, message) => {
    let fail = true;
    const sm = fakeSecretManager(async () => {
      if (fail) throw grpcError(code, message);
      return payload('recovered');
    });
    const secrets = secretManagerSecrets('p', 'prod', sm.client);
    await expect(secrets.get('ca-root-api-key')).rejects.toThrow(message);
    fail = false;
    expect(await secrets.get('ca-root-api-key')).toBe('recovered');
    expect(sm.requests).toHaveLength(2);
  });
});
