import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { PipelineDefSchema } from '../../shared/contracts/pipeline-definition.js';
import { isDue, runScheduledPipelines } from '../../shared/pipelines/scheduled.js';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import { apiKey, fakeProviderEnv } from './helpers.js';

const daily = PipelineDefSchema.parse({
  id: 'openai/genai/usage_test',
  description: 'daily, needs openai',
  requires_integration: 'openai',
  schedule: { daily: true, cron: '0 4 * * *', window_days: 3 },
  steps: [{ id: 'x', type: 'dq-check' }],
});

let fake: FakeProviders;
let p: TestPlatform;
beforeAll(async () => {
  fake = await startFakeProviders();
  // Runs are only recorded here; nothing executes.
  p = await startTestPlatform(fakeProviderEnv(fake), {
    bus: { kind: 'in-process', publish: async () => 'x', close: async () => undefined },
  });
});
afterAll(async () => {
  await p.close();
  await fake.close();
});

describe('scheduled-pipelines', () => {
  it('knows when a daily pipeline is due (its cron fell within the past hour)', () => {
    expect(isDue(daily, new Date('2026-11-21T04:00:00Z'))).toBe(true);
    expect(isDue(daily, new Date('2026-11-21T04:59:00Z'))).toBe(true);
    expect(isDue(daily, new Date('2026-11-21T05:01:00Z'))).toBe(false);
    expect(
      isDue({ ...daily, schedule: { ...daily.schedule, daily: false } }, new Date('2026-11-21T04:00:00Z')),
    ).toBe(false);
  });

  it('triggers one run per org and credential of the required provider, over the trailing window, once', async () => {
    const withTwo = await p.onboard();
    const withNone = await p.onboard();
    fake.setValid('openai', ['sk-admin-sched-a1', 'sk-admin-sched-b2']);
    for (const [key, name] of [
      ['sk-admin-sched-a1', 'A'],
      ['sk-admin-sched-b2', 'B'],
    ]) {
      const res = await p.request(`/api/v1/integrations/${withTwo.org_slug}/openai/setup`, {
        method: 'POST',
        headers: apiKey(withTwo.api_key),
        json: { credential: key, name },
      });
      expect(res.status).toBe(201);
    }
    const at = new Date('2026-11-21T04:00:00Z');
    const first = await runScheduledPipelines(p.ctx, [daily], at);
    expect(first.triggered.filter((k) => k.startsWith(withTwo.org_slug))).toHaveLength(2);
    expect(first.triggered.some((k) => k.startsWith(withNone.org_slug))).toBe(false);
    const db = await p.ctx.db();
    const { rows } = await db.query<{ start_date: string; end_date: string; trigger: string }>(
      'SELECT start_date, end_date, trigger FROM pipeline_runs WHERE org_slug = $1',
      [withTwo.org_slug],
    );
    expect(rows).toEqual([
      { start_date: '2026-11-18', end_date: '2026-11-20', trigger: 'schedule' },
      { start_date: '2026-11-18', end_date: '2026-11-20', trigger: 'schedule' },
    ]);
    const again = await runScheduledPipelines(p.ctx, [daily], at);
    expect(again.triggered.filter((k) => k.startsWith(withTwo.org_slug))).toEqual([]);
    expect(again.skipped.filter((s) => s.key.startsWith(withTwo.org_slug)).map((s) => s.reason)).toEqual([
      'already triggered',
      'already triggered',
    ]);
  });
});
