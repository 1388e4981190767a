/**
 * A replaced credential: the org deletes its AWS credential, sets up a new one for the same export and runs the
 * pipeline again over the same days. The costs count one copy of those days, not the deleted credential's rows
 * beside the new ones.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { SAMPLES_DIR } from '../../shared/testing/samples.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys } from '../../shared/testing/provider-credentials.js';
import { apiKey, focusTotalsByDay, runPipelineToCompletion, setupIntegration } from './helpers.js';

const ANON = join(SAMPLES_DIR, 'focus-converters/sample-anonymous-aws-export-dataset.csv');

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

/** Sets up the org's AWS integration on a bucket holding the anonymized CUR; the new credential's id. */
async function setUpAws(org: Org) {
  const aws = testAwsKeys();
  const credentialId = await setupIntegration(p, fake, org, 'aws', {
    valid: ['aws', [{ ...aws.fake, access: ['cur-bucket'] }]],
    credential: aws.credential,
    config: { export_bucket: 'cur-bucket', export_prefix: 'cur/', region: 'us-east-1' },
  });
  const dir = join(exportsDir, 'aws', 'cur-bucket', 'cur/');
  mkdirSync(dir, { recursive: true });
  copyFileSync(ANON, join(dir, 'export-00001.csv'));
  return credentialId;
}

async function billedTotal(org: Org) {
  const res = await p.request(
    `/api/v1/costs/${org.org_slug}/summary?start_date=2023-11-01&end_date=2023-11-30`,
    { headers: apiKey(org.api_key) },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { total_billed_cost: number }).total_billed_cost;
}

describe.skipIf(!existsSync(ANON))('a replaced credential', () => {
  it("counts one copy of the overlapping days: the deleted credential's rows go with it", async () => {
    const org = await p.onboard();
    const first = await setUpAws(org);
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    const once = await billedTotal(org);
    const perDay = await focusTotalsByDay(p, org);
    expect(once).toBeGreaterThan(0);

    const del = await p.request(`/api/v1/integrations/${org.org_slug}/aws/${first}`, {
      method: 'DELETE',
      headers: apiKey(org.api_key),
    });
    expect(del.status).toBe(204);
    // Deleted with its credential: nothing of it is counted any more.
    expect(await billedTotal(org)).toBe(0);

    const second = await setUpAws(org);
    expect(second).not.toBe(first);
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    expect(await billedTotal(org)).toBe(once);
    expect(await focusTotalsByDay(p, org)).toEqual(perDay);
  });

  it('refuses to delete a credential while a run uses it (409), and keeps its rows', async () => {
    const org = await p.onboard();
    const id = await setUpAws(org);
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    const before = await billedTotal(org);
    await (
      await p.ctx.db()
    ).query(
      `INSERT INTO pipeline_runs (run_id, org_slug, pipeline_id, status, trigger, start_date, end_date, credential_id)
       VALUES ($1, $2, 'aws/cost/billing', 'RUNNING', 'manual', '2023-11-01', '2023-11-01', $3)`,
      [randomUUID(), org.org_slug, id],
    );
    const del = await p.request(`/api/v1/integrations/${org.org_slug}/aws/${id}`, {
      method: 'DELETE',
      headers: apiKey(org.api_key),
    });
    expect(del.status).toBe(409);
    expect(await billedTotal(org)).toBe(before);
  });
});
