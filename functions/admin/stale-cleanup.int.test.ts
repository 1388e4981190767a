/**
 * An operator does not wait for the next stale cleanup after a crash: POST
 * /api/v1/admin/organizations/{org}/stale-cleanup fails that org's stale runs now and frees their concurrency
 * slots; other orgs' runs wait for the scheduled cleanup.
 */
import { describe, expect, it } from 'vitest';
import { TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { PipelineDefSchema } from '../../shared/contracts/pipeline-definition.js';
import { simulateDeadStep, triggerOneDay } from '../../shared/testing/pipelines.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q), { STEP_HEARTBEAT_SECONDS: '60' });

// Retries left: the scheduled cleanup would re-queue it; the operator's fails it.
const pipeline = PipelineDefSchema.parse({
  id: 'test/admin/stale',
  description: 's',
  steps: [{ id: 'only', type: 'test-never', retries: 2 }],
});

/** A run whose step was claimed by a process that died `ago` seconds ago. */
async function deadRun(org: string, ago: number) {
  const runId = await triggerOneDay(p, org, pipeline);
  await simulateDeadStep(p, runId, ago);
  return runId;
}

const runStatus = async (runId: string) => {
  const db = await p.ctx.db();
  const { rows } = await db.query<{ status: string; error: string | null }>(
    'SELECT status, error FROM pipeline_runs WHERE run_id = $1',
    [runId],
  );
  return rows[0]!;
};

const cleanup = (org: string, headers: Record<string, string> = { 'x-ca-root-key': TEST_ROOT_KEY }) =>
  p.request(`/api/v1/admin/organizations/${org}/stale-cleanup`, { method: 'POST', headers });

describe('POST /api/v1/admin/organizations/{org}/stale-cleanup', () => {
  it("fails the org's runs silent for longer than STEP_HEARTBEAT_SECONDS now, freeing the slot; others are left", async () => {
    const a = await p.onboard();
    const b = await p.onboard();
    const db = await p.ctx.db();
    await db.query('UPDATE org_subscriptions SET concurrent_limit = 1 WHERE org_slug = $1', [a.org_slug]);
    const dead = await deadRun(a.org_slug, 90);
    const otherOrg = await deadRun(b.org_slug, 90);
    const beating = await deadRun(b.org_slug, 10);
    await expect(triggerOneDay(p, a.org_slug, pipeline)).rejects.toThrow(/concurrent/i);

    const res = await cleanup(a.org_slug);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ org_slug: a.org_slug, failed: [`${dead}/only`] });
    expect(await runStatus(dead)).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/no heartbeat/),
    });
    // The slot is free: the org can run again.
    await expect(triggerOneDay(p, a.org_slug, pipeline)).resolves.toEqual(expect.any(String));
    expect((await runStatus(otherOrg)).status).toBe('RUNNING');
    expect((await runStatus(beating)).status).toBe('RUNNING');

    // The other org's own cleanup fails its dead run only; a second one finds nothing.
    expect(await (await cleanup(b.org_slug)).json()).toEqual({
      org_slug: b.org_slug,
      failed: [`${otherOrg}/only`],
    });
    expect((await runStatus(beating)).status).toBe('RUNNING');
    expect(await (await cleanup(b.org_slug)).json()).toEqual({ org_slug: b.org_slug, failed: [] });
  });

  it('needs the root key and a known org', async () => {
    const a = await p.onboard();
    expect((await cleanup(a.org_slug, { 'x-api-key': a.api_key })).status).toBe(403);
    expect((await cleanup('no_such_org')).status).toBe(404);
  });
});
