import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import { ownerEmail, type TestPlatform } from '../../scripts/local/test-platform.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import type { Org } from '../../shared/testing/platform.js';
import { readLocalMailbox } from '../../shared/identity/mailbox.js';
export { fakeProviderEnv } from '../../shared/testing/fake-providers.js';

/**
 * Signs up a user through the local identity endpoint, confirms the email with the link from the local mailbox
 * (as its owner would) and returns the access token of that confirmed session.
 */
export async function signUp(
  p: TestPlatform,
  email: string,
  password = 'correct horse battery',
): Promise<string> {
  const res = await p.request('/auth/v1/signup', { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const mail = readLocalMailbox(p.config)
    .filter((m) => m.to === email.toLowerCase() && m.type === 'signup')
    .at(-1);
  if (!mail?.token_hash) throw new Error(`no confirmation mail for ${email}`);
  const verify = await p.request('/auth/v1/verify', {
    method: 'POST',
    json: { type: 'signup', token_hash: mail.token_hash },
  });
  if (verify.status !== 200) throw new Error(`confirmation failed: ${verify.status} ${await verify.text()}`);
  return ((await verify.json()) as { access_token: string }).access_token;
}

/** The owner's token for an org onboarded by `platform.onboard()` (admin_email ownerEmail(slug)). */
export const ownerToken = (p: TestPlatform, orgSlug: string) => signUp(p, ownerEmail(orgSlug));

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const apiKey = (key: string) => ({ 'x-api-key': key });

export type { Org };

/** Calls `path` with the org's API key (and `json` as the body, if given); the status and the parsed body. */
export async function orgRequest(p: TestPlatform, org: Org, method: string, path: string, json?: unknown) {
  const res = await p.request(path, {
    method,
    headers: apiKey(org.api_key),
    ...(json === undefined ? {} : { json }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** Triggers `pipeline` for the org over [start, end] and drains the bus; the run's id, status and error. */
export async function runPipeline(
  p: TestPlatform,
  org: { org_slug: string; api_key: string },
  pipeline: string,
  start: string,
  end: string,
): Promise<{ run_id: string; status: string; error: string }> {
  const res = await p.request(`/api/v1/pipelines/run/${org.org_slug}/${pipeline}`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { start_date: start, end_date: end },
  });
  if (res.status !== 202) throw new Error(`run refused: ${res.status} ${await res.text()}`);
  const { run_id } = (await res.json()) as { run_id: string };
  await p.bus.drain();
  const detail = await p.request(`/api/v1/pipelines/${org.org_slug}/runs/${run_id}`, {
    headers: apiKey(org.api_key),
  });
  return { run_id, ...((await detail.json()) as { status: string; error: string }) };
}

/** Triggers `pipeline` for the org over [start, end], drains the bus and expects the run COMPLETED; its id. */
export async function runPipelineToCompletion(
  p: TestPlatform,
  org: { org_slug: string; api_key: string },
  pipeline: string,
  start: string,
  end: string,
): Promise<string> {
  const run = await runPipeline(p, org, pipeline, start, end);
  if (run.status !== 'COMPLETED')
    throw new Error(`run ${run.run_id} ended ${run.status}: ${JSON.stringify(run)}`);
  return run.run_id;
}

/**
 * Σ `column` of the org's FOCUS rows per `day|currency` (optionally of one pipeline), as exact decimal strings:
 * what the billing tests compare with the source export's own totals.
 */
export async function focusTotalsByDay(
  p: TestPlatform,
  org: { org_slug: string },
  column = 'BilledCost',
  pipeline?: string,
): Promise<Record<string, string>> {
  const wh = await p.ctx.warehouse();
  const rows = await wh.query<{ k: string; v: string }>(
    `SELECT CONCAT(CAST(CAST(ChargePeriodStart AS DATE) AS STRING), '|', BillingCurrency) AS k, SUM(${column}) AS v
     FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}
     ${pipeline ? 'WHERE x_pipeline_id = @pipeline' : ''} GROUP BY 1 ORDER BY 1`,
    pipeline ? { pipeline } : {},
  );
  return Object.fromEntries(rows.map((r) => [r.k, new Decimal(r.v).toFixed()]));
}

/** What an integration setup needs: the fake accepts `valid` (`[family, entries]`); the setup's body. */
export interface IntegrationSetup {
  valid: [string, unknown[]];
  credential: unknown;
  config?: Record<string, unknown>;
}

/** Sets up the org's `provider` integration (the setup must answer 201); the new credential's id. */
export async function setupIntegration(
  p: TestPlatform,
  fake: FakeProviders,
  org: Org,
  provider: string,
  opts: IntegrationSetup,
): Promise<string> {
  fake.setValid(opts.valid[0] as never, opts.valid[1] as never);
  const res = await p.request(`/api/v1/integrations/${org.org_slug}/${provider}/setup`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { credential: opts.credential, config: opts.config },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { credential_id: string }).credential_id;
}

/**
 * Sets up the org's `provider` integration as `setupIntegration` does, and creates the export's local directory
 * (`exportsDir` joined with `dir`); that directory.
 */
export async function setupCloudIntegration(
  p: TestPlatform,
  fake: FakeProviders,
  org: Org,
  provider: string,
  opts: IntegrationSetup & { exportsDir: string; dir: string[] },
): Promise<string> {
  await setupIntegration(p, fake, org, provider, opts);
  const dir = join(opts.exportsDir, ...opts.dir);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * An inactive org (SUSPENDED, CANCELLED, an ended trial) still reads its costs (200) but starts no pipeline
 * (402 SUBSCRIPTION_INACTIVE).
 */
export async function expectReadsButNoRuns(p: TestPlatform, org: Org): Promise<void> {
  const run = await p.request(`/api/v1/pipelines/run/${org.org_slug}/sample/demo/costs`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { date: '2026-10-01' },
  });
  expect(run.status).toBe(402);
  expect(((await run.json()) as { error: { code: string } }).error.code).toBe('SUBSCRIPTION_INACTIVE');
  const read = await p.request(
    `/api/v1/costs/${org.org_slug}/summary?start_date=2026-10-01&end_date=2026-10-31`,
    { headers: apiKey(org.api_key) },
  );
  expect(read.status, await read.clone().text()).toBe(200);
}
