/**
 * GET /api/v1/costs/{org}/freshness: per pipeline and credential, the latest day a COMPLETED run covered and the
 * latest run whatever its status (a failed run after a completed one keeps the completed day), two credentials of
 * one provider apart, a pipeline without a credential, a credential that never ran listed with nulls, sorted by
 * provider; one org never sees another's runs. (Another org's key is refused by the route walk.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { fakeUsage } from '../../shared/testing/fake-providers/genai.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { FreshnessSchema } from '../../shared/contracts/costs.js';
import { apiKey, runPipeline, runPipelineToCompletion } from './helpers.js';

let fake: FakeProviders;
let p: TestPlatform;
usePlatform((f) => {
  ({ p, fake } = f);
  fakeUsage(fake).reset();
});

const KEYS = { first: 'sk-admin-fresh-first', second: 'sk-admin-fresh-second' };

async function setup(org: Org, provider: string, name: string, credential: string): Promise<string> {
  const res = await p.request(`/api/v1/integrations/${org.org_slug}/${provider}/setup`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { name, credential },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { credential_id: string }).credential_id;
}

/** Runs the org's OpenAI usage pipeline over [start, end] with one credential; the run's id and status. */
async function runOpenAi(org: Org, credential_id: string, start: string, end: string) {
  const res = await p.request(`/api/v1/pipelines/run/${org.org_slug}/openai/genai/usage`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { start_date: start, end_date: end, credential_id },
  });
  expect(res.status, await res.clone().text()).toBe(202);
  const { run_id } = (await res.json()) as { run_id: string };
  await p.bus.drain();
  const detail = await p.request(`/api/v1/pipelines/${org.org_slug}/runs/${run_id}`, {
    headers: apiKey(org.api_key),
  });
  return { run_id, ...((await detail.json()) as { status: string }) };
}

async function freshness(org: Org) {
  const res = await p.request(`/api/v1/costs/${org.org_slug}/freshness`, { headers: apiKey(org.api_key) });
  expect(res.status, await res.clone().text()).toBe(200);
  return FreshnessSchema.parse(await res.json()).items;
}

describe('costs freshness', () => {
  let a: Org;
  let b: Org;
  const ids = { first: '', second: '', never: '' };
  const runs = { firstDone: '', firstFailed: '', second: '' };

  beforeAll(async () => {
    a = await p.onboard();
    b = await p.onboard();
    fake.setValid('openai', [KEYS.first, KEYS.second]);
    fake.setValid('anthropic', ['sk-ant-admin-fresh']);
    ids.first = await setup(a, 'openai', 'First', KEYS.first);
    ids.second = await setup(a, 'openai', 'Second', KEYS.second);
    ids.never = await setup(a, 'anthropic', 'Never run', 'sk-ant-admin-fresh');

    const done = await runOpenAi(a, ids.first, '2026-10-01', '2026-10-03');
    expect(done.status).toBe('COMPLETED');
    runs.firstDone = done.run_id;
    runs.second = await (async () => {
      const r = await runOpenAi(a, ids.second, '2026-09-20', '2026-10-10');
      expect(r.status).toBe('COMPLETED');
      return r.run_id;
    })();
    // The provider now refuses the first key: its next run fails, and its data stays through Oct 3.
    fake.setValid('openai', [KEYS.second]);
    const failed = await runOpenAi(a, ids.first, '2026-10-04', '2026-10-06');
    expect(failed.status).toBe('FAILED');
    runs.firstFailed = failed.run_id;
  });

  it('per pipeline and credential: data through the last completed day, the latest run, never-run credentials', async () => {
    const items = await freshness(a);
    expect(items.map((i) => [i.provider, i.pipeline_id, i.credential_name])).toEqual([
      ['anthropic', 'anthropic/genai/usage', 'Never run'],
      ['openai', 'openai/genai/usage', 'First'],
      ['openai', 'openai/genai/usage', 'Second'],
    ]);
    const [never, first, second] = items;
    expect(never).toEqual({
      provider: 'anthropic',
      credential_id: ids.never,
      credential_name: 'Never run',
      pipeline_id: 'anthropic/genai/usage',
      data_through: null,
      last_run: null,
    });
    expect(first).toMatchObject({ credential_id: ids.first, data_through: '2026-10-03' });
    expect(first!.last_run).toMatchObject({ run_id: runs.firstFailed, status: 'FAILED' });
    expect(first!.last_run!.finished_at).not.toBeNull();
    expect(first!.last_run!.started_at).not.toBeNull();
    expect(second).toMatchObject({ credential_id: ids.second, data_through: '2026-10-10' });
    expect(second!.last_run).toMatchObject({ run_id: runs.second, status: 'COMPLETED' });
  });

  it('a pipeline without a credential: one row with null credential, null data_through until a run completes', async () => {
    // The reference pipeline takes no credential; its only run is marked failed: nothing completed yet.
    const failed = await runPipeline(p, a, 'sample/demo/costs', '2026-10-01', '2026-10-01');
    await (
      await p.ctx.db()
    ).query(`UPDATE pipeline_runs SET status = 'FAILED' WHERE run_id = $1`, [failed.run_id]);
    let sample = (await freshness(a)).filter((i) => i.pipeline_id === 'sample/demo/costs');
    expect(sample).toEqual([
      {
        provider: 'sample',
        credential_id: null,
        credential_name: null,
        pipeline_id: 'sample/demo/costs',
        data_through: null,
        last_run: expect.objectContaining({ run_id: failed.run_id, status: 'FAILED' }),
      },
    ]);
    const done = await runPipelineToCompletion(p, a, 'sample/demo/costs', '2026-10-02', '2026-10-02');
    sample = (await freshness(a)).filter((i) => i.pipeline_id === 'sample/demo/costs');
    expect(sample).toHaveLength(1);
    expect(sample[0]).toMatchObject({
      data_through: '2026-10-02',
      last_run: { run_id: done, status: 'COMPLETED' },
    });
    // Sorted by provider: sample comes after openai.
    expect((await freshness(a)).map((i) => i.provider)).toEqual(['anthropic', 'openai', 'openai', 'sample']);
  });

  it("lists only the org's own runs and credentials", async () => {
    expect(await freshness(b)).toEqual([]);
  });
});
