import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { costDailyRollup } from '../../shared/datasets/index.js';
import { startTestPlatform } from './test-platform.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cloudact-sync-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the local platform on a data dir of an older version', () => {
  // The data dir holds the control plane only on PGlite: against a Postgres server each test platform gets its own
  // schema, so a restart would not know the org.
  it.skipIf(!!process.env.TEST_DATABASE_URL)(
    'brings every org dataset up to date on start (a table added since is created)',
    async () => {
      const first = await startTestPlatform({}, { dataDir });
      const org = await first.onboard();
      const dataset = `${org.org_slug}_test`;
      const wh = await first.ctx.warehouse();
      // An org onboarded before the rollup existed: its dataset lacks the table.
      await wh.query(`DROP TABLE ${wh.table(dataset, costDailyRollup.name)}`);
      await first.close();

      const again = await startTestPlatform({}, { dataDir });
      try {
        const res = await again.request(
          `/api/v1/costs/${org.org_slug}/summary?start_date=2026-01-01&end_date=2026-01-31`,
          { headers: { 'x-api-key': org.api_key } },
        );
        expect(res.status, await res.clone().text()).toBe(200);
        const w2 = await again.ctx.warehouse();
        const rows = await w2.query(`SELECT COUNT(*) AS n FROM ${w2.table(dataset, costDailyRollup.name)}`);
        expect(Number(rows[0]!.n)).toBe(0);
      } finally {
        await again.close();
      }
    },
  );
});
