import { describe, expect, it } from 'vitest';
import { billingFormat } from '../../cloud/formats.js';
import { parseConfig } from '../../config/config.js';
import { isPermanent } from '../../errors/index.js';
import {
  testAwsKeys,
  testAzureApp,
  testOciKey,
  testServiceAccount,
} from '../../testing/provider-credentials.js';
import { openBillingSource, type SourceRequest } from './open.js';

const settings = parseConfig({ ENVIRONMENT: 'test' });
const request = (provider: string, format: string): SourceRequest => ({
  orgSlug: 'acme',
  credentialId: 'cred-1',
  format: billingFormat(provider, format)!,
  startDate: '2025-01-01',
  endDate: '2025-01-31',
});

/** A secret loader that counts its calls. */
function secretLoader(secret: unknown) {
  const loader = async () => {
    loader.calls++;
    return secret;
  };
  loader.calls = 0;
  return loader;
}

describe('openBillingSource', () => {
  it('opens each provider store at the location of its format', async () => {
    const aws = await openBillingSource(
      settings,
      request('aws', 'cur'),
      { export_bucket: 'bills', export_prefix: 'cur/daily', region: 'eu-west-1' },
      secretLoader(testAwsKeys().credential),
    );
    expect(aws).toMatchObject({ kind: 's3', where: 's3://bills/cur/daily/' });

    const azure = await openBillingSource(
      settings,
      request('azure', 'actual'),
      { storage_account: 'acct1', container: 'exports', path: 'cost/actual' },
      secretLoader(testAzureApp()),
    );
    expect(azure).toMatchObject({ kind: 'azure_blob', where: 'azure://acct1/exports/cost/actual/' });

    const gcp = await openBillingSource(
      settings,
      request('gcp', 'billing_export'),
      { billing_export_table: 'my-project.billing.gcp_billing_export_v1_X' },
      secretLoader(testServiceAccount().credential),
    );
    expect(gcp).toMatchObject({
      kind: 'bigquery',
      where: 'bigquery://my-project.billing.gcp_billing_export_v1_X',
    });
  });

  it('OCI: namespace bling and the tenancy OCID as bucket unless the config names others', async () => {
    const key = testOciKey().credential;
    const byDefault = await openBillingSource(settings, request('oci', 'focus'), {}, secretLoader(key));
    expect(byDefault).toMatchObject({
      kind: 'oci_object_storage',
      where: `oci://bling/${key.tenancy_ocid}/FOCUS Reports/`,
    });
    const named = await openBillingSource(
      settings,
      request('oci', 'cost_report'),
      { namespace: 'ns', bucket: 'b' },
      secretLoader(key),
    );
    expect(named?.where).toBe('oci://ns/b/reports/cost-csv/');
  });

  it('a credential without the dataset has no source and its secret is not read', async () => {
    const loader = secretLoader(testAwsKeys().credential);
    expect(
      await openBillingSource(settings, request('aws', 'focus_commitment'), { export_bucket: 'b' }, loader),
    ).toBeNull();
    expect(loader.calls).toBe(0);
  });

  it('a missing setting is a permanent error naming the credential', async () => {
    const error = await openBillingSource(settings, request('aws', 'cur'), {}, secretLoader({})).catch(
      (e: unknown) => e,
    );
    expect(isPermanent(error)).toBe(true);
    expect((error as Error).message).toBe('Credential cred-1: The integration config has no export_bucket.');
  });

  it('reads under CLOUD_EXPORTS_DIR when that is set, without the secret', async () => {
    const local = { ...settings, CLOUD_EXPORTS_DIR: '/exports' };
    const loader = secretLoader({});
    const source = await openBillingSource(
      local,
      request('gcp', 'billing_export'),
      { billing_export_table: 'p.d.t' },
      loader,
    );
    expect(source).toMatchObject({ kind: 'local', where: '/exports/gcp/p.d.t' });
    expect(loader.calls).toBe(0);
  });
});
