import { Cron } from 'croner';
import type { AppContext } from '../context.js';
import type { PipelineDef } from '../contracts/pipeline-definition.js';
import { triggerRun } from './trigger.js';
import { AppError } from '../errors/index.js';
import { addDays } from '../time/day.js';

/** When a daily pipeline without its own cron runs (UTC): after providers have published yesterday's data. */
export const DEFAULT_DAILY_CRON = '0 4 * * *';
/** The scheduled-pipelines job fires hourly; a pipeline is due when its cron fell in the past hour. */
export const SCHEDULED_PIPELINES_CRON = '0 * * * *';

export interface ScheduleReport {
  triggered: string[];
  skipped: { key: string; reason: string }[];
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export function isDue(p: PipelineDef, at: Date): boolean {
  if (!p.schedule.daily) return false;
  const next = new Cron(p.schedule.cron ?? DEFAULT_DAILY_CRON, { paused: true, timezone: 'UTC' }).nextRun(
    new Date(at.getTime() - 3_600_000),
  );
  return next !== null && next.getTime() <= at.getTime();
}

/**
 * Triggers every due daily pipeline for every org that may run it (ACTIVE or TRIAL, with a valid credential of
 * the required provider: one run per credential), over the pipeline's trailing window ending yesterday.
 * Re-delivery of the same job message triggers nothing twice.
 */
export async function runScheduledPipelines(
  ctx: AppContext,
  pipelines: readonly PipelineDef[],
  at: Date,
): Promise<ScheduleReport> {
  const db = await ctx.db();
  const report: ScheduleReport = { triggered: [], skipped: [] };
  const end = day(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - 1));
  for (const p of pipelines.filter((x) => isDue(x, at))) {
    const start = addDays(end, -(p.schedule.window_days - 1));
    const { rows } = await db.query<{ org_slug: string; credential_id: string | null }>(
      p.requires_integration
        ? `SELECT s.org_slug, c.credential_id::text AS credential_id FROM org_subscriptions s
           JOIN org_integration_credentials c ON c.org_slug = s.org_slug AND c.provider = $1 AND c.status = 'VALID'
           WHERE s.status IN ('ACTIVE', 'TRIAL') ORDER BY 1, 2`
        : `SELECT org_slug, NULL AS credential_id FROM org_subscriptions WHERE status IN ('ACTIVE', 'TRIAL') AND $1::text IS NULL ORDER BY 1`,
      [p.requires_integration],
    );
    for (const t of rows) {
      const key = `${t.org_slug}:${p.id}:${t.credential_id ?? '-'}:${start}..${end}`;
      const exists = await db.query(
        `SELECT 1 FROM pipeline_runs WHERE org_slug = $1 AND pipeline_id = $2 AND trigger = 'schedule'
           AND credential_id IS NOT DISTINCT FROM $3::uuid AND start_date = $4 AND end_date = $5`,
        [t.org_slug, p.id, t.credential_id, start, end],
      );
      if (exists.rows.length) {
        report.skipped.push({ key, reason: 'already triggered' });
        continue;
      }
      try {
        await triggerRun(ctx, {
          orgSlug: t.org_slug,
          pipeline: p,
          startDate: start,
          endDate: end,
          trigger: 'schedule',
          credentialId: t.credential_id ?? undefined,
          now: at,
        });
        report.triggered.push(key);
      } catch (err) {
        if (!(err instanceof AppError) || err.retryable) throw err;
        report.skipped.push({ key, reason: `${err.code}: ${err.message}` });
      }
    }
  }
  return report;
}
