import { parse } from 'sql-parser-cst';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { listProcedures } from '../../shared/procedures/load.js';
import { routineDdl } from '../../shared/procedures/sync.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const root = { 'x-ca-root-key': TEST_ROOT_KEY };

describe('procedure sync', () => {
  it('creates every procedure as a routine in the org dataset that returns what the pipeline wrote', async () => {
    const org = await p.onboard();
    const res = await p.request(`/api/v1/admin/organizations/${org.org_slug}/procedures/sync`, {
      method: 'POST',
      headers: root,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { routines: string[]; dataset: string };
    expect(body.routines).toEqual(listProcedures('procedures').map((f) => f.name));

    const run = await p.request(`/api/v1/pipelines/run/${org.org_slug}/sample/demo/costs`, {
      method: 'POST',
      headers: { 'x-api-key': org.api_key },
      json: { start_date: '2026-10-01', end_date: '2026-10-02' },
    });
    const { run_id } = (await run.json()) as { run_id: string };
    await p.bus.drain();
    const wh = await p.ctx.warehouse();
    const fromRoutine = await wh.query<{ n: number; billed: string }>(
      `SELECT COUNT(*) AS n, SUM(BilledCost) AS billed
       FROM \`${body.dataset}.sp_sample_convert_to_focus\`(@org, 'sample/demo/costs', NULL, @run, '2026-10-01', '2026-10-02')`,
      { org: org.org_slug, run: run_id },
    );
    const written = await wh.query<{ n: number; billed: string }>(
      `SELECT COUNT(*) AS n, SUM(BilledCost) AS billed FROM ${wh.table(body.dataset, 'cost_data_standard_1_3')}`,
    );
    expect(Number(fromRoutine[0]!.n)).toBeGreaterThan(0);
    expect(Number(fromRoutine[0]!.n)).toBe(Number(written[0]!.n));
    expect(Number(fromRoutine[0]!.billed)).toBe(Number(written[0]!.billed));

    // Re-runnable, and the all-orgs form covers this org too.
    const all = await p.request('/api/v1/admin/procedures/sync', { method: 'POST', headers: root });
    expect(all.status).toBe(200);
    const items = ((await all.json()) as { items: { org_slug: string }[] }).items;
    expect(items.map((i) => i.org_slug)).toContain(org.org_slug);
  });

  it('writes BigQuery table functions that parse as BigQuery SQL with the @ parameters renamed', () => {
    for (const f of listProcedures('procedures')) {
      const ddl = routineDdl('bigquery', 'acme_prod', f);
      expect(ddl).toMatch(
        new RegExp(`^CREATE OR REPLACE TABLE FUNCTION \`acme_prod\\.${f.name}\`\\(p_org_slug STRING`),
      );
      expect(ddl).not.toMatch(/@(org_slug|pipeline_id|credential_id|run_id|start_date|end_date)\b/);
      expect(() => parse(ddl, { dialect: 'bigquery' })).not.toThrow();
    }
  });

  it('is root-only: an org key gets 403', async () => {
    const org = await p.onboard();
    const res = await p.request(`/api/v1/admin/organizations/${org.org_slug}/procedures/sync`, {
      method: 'POST',
      headers: { 'x-api-key': org.api_key },
    });
    expect(res.status).toBe(403);
  });
});
