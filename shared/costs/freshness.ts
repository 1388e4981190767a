/**
 * How fresh the org's cost data is, read from the control plane (pipeline_runs and the integration credentials),
 * never the warehouse: per pipeline and credential, the latest day a COMPLETED run covered (`data_through`) and the
 * latest run whatever its status; plus every credential that has never run, with nulls. Sorted by provider.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { FreshnessItemSchema } from '../contracts/costs.js';
import { CLOUD_PROVIDERS } from '../contracts/providers.js';
import { isoTimestampOrNull as iso } from '../ports/database/values.js';
import { orgRecord } from '../orgs/org-record.js';

type FreshnessItem = z.input<typeof FreshnessItemSchema>;
type RunStatus = NonNullable<FreshnessItem['last_run']>['status'];

interface LastRunRow {
  pipeline_id: string;
  credential_id: string | null;
  credential_name: string | null;
  data_through: string | null;
  run_id: string;
  status: RunStatus;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

/** Per (pipeline, credential): the latest run by creation, and the latest end_date of its completed runs. */
const LAST_RUNS_SQL = `
WITH last AS (
  SELECT DISTINCT ON (pipeline_id, credential_id)
    pipeline_id, credential_id, run_id, status, started_at, finished_at
  FROM pipeline_runs WHERE org_slug = $1
  ORDER BY pipeline_id, credential_id, created_at DESC, run_id DESC
), done AS (
  SELECT pipeline_id, credential_id, max(end_date) AS data_through
  FROM pipeline_runs WHERE org_slug = $1 AND status = 'COMPLETED'
  GROUP BY pipeline_id, credential_id
)
SELECT l.pipeline_id, l.credential_id::text AS credential_id, c.name AS credential_name,
  d.data_through::text AS data_through, l.run_id::text AS run_id, l.status, l.started_at, l.finished_at
FROM last l
LEFT JOIN done d ON d.pipeline_id = l.pipeline_id AND d.credential_id IS NOT DISTINCT FROM l.credential_id
LEFT JOIN org_integration_credentials c ON c.org_slug = $1 AND c.credential_id = l.credential_id`;

const NEVER_RUN_SQL = `
SELECT c.credential_id::text AS credential_id, c.provider, c.name
FROM org_integration_credentials c
WHERE c.org_slug = $1
  AND NOT EXISTS (SELECT 1 FROM pipeline_runs r WHERE r.org_slug = $1 AND r.credential_id = c.credential_id)`;

/** The pipeline a credential's first import runs: cloud billing, or the GenAI provider's usage. */
export const canonicalPipeline = (provider: string): string =>
  (CLOUD_PROVIDERS as readonly string[]).includes(provider)
    ? `${provider}/cost/billing`
    : `${provider}/genai/usage`;

const text = (s: string | null) => s ?? '\uffff';
const byKey = (a: FreshnessItem, b: FreshnessItem) => {
  for (const [x, y] of [
    [a.provider, b.provider],
    [a.pipeline_id, b.pipeline_id],
    [text(a.credential_name ?? null), text(b.credential_name ?? null)],
    [text(a.credential_id ?? null), text(b.credential_id ?? null)],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

export async function costFreshness(ctx: AppContext, org: string): Promise<{ items: FreshnessItem[] }> {
  const db = await ctx.db();
  await orgRecord(db, org);
  const runs = await db.query<LastRunRow>(LAST_RUNS_SQL, [org]);
  const neverRun = await db.query<{ credential_id: string; provider: string; name: string }>(NEVER_RUN_SQL, [
    org,
  ]);
  const items: FreshnessItem[] = [
    ...runs.rows.map((r) => ({
      provider: r.pipeline_id.split('/')[0]!,
      credential_id: r.credential_id,
      credential_name: r.credential_name,
      pipeline_id: r.pipeline_id,
      data_through: r.data_through,
      last_run: {
        run_id: r.run_id,
        status: r.status,
        started_at: iso(r.started_at),
        finished_at: iso(r.finished_at),
      },
    })),
    ...neverRun.rows.map((c) => ({
      provider: c.provider,
      credential_id: c.credential_id,
      credential_name: c.name,
      pipeline_id: canonicalPipeline(c.provider),
      data_through: null,
      last_run: null,
    })),
  ];
  return { items: items.sort(byKey) };
}
