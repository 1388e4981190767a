/**
 * Scheduled cost summaries (API.md "Alerts and notifications"): an org's daily, weekly or monthly digest sent to
 * some of its channels. CRUD here; sending (`sendSummaries`, the `send-summaries` event function) computes the
 * digest once per org and frequency and claims one delivery per enabled channel of each enabled summary, keyed
 * `summary:<summary_id>:<frequency>:<period_start>` so a period is sent once whatever repeats.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type {
  CreateSummaryBodySchema,
  SummaryFrequency,
  UpdateSummaryBodySchema,
} from '../contracts/notifications.js';
import { SEND_SUMMARIES_TOPIC } from '../contracts/notifications.js';
import { invalidInput, notFound } from '../errors/index.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import type { Queryable } from '../ports/database/port.js';
import { isoTimestamp, isoTimestampOrNull } from '../ports/database/values.js';
import type { DeliveryClaim } from './deliveries.js';
import { computeDigest } from './digest.js';
import { dispatchDeliveries, type Dispatched } from './dispatch.js';
import type { NotificationMessage } from './message.js';

interface Row {
  summary_id: string;
  frequency: SummaryFrequency;
  channel_ids: string[];
  enabled: boolean;
  last_sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

// A deleted channel is not listed (nor sent to): only ids of the org's existing channels are shown.
const COLUMNS = `s.summary_id::text AS summary_id, s.frequency,
  ARRAY(SELECT c.channel_id::text FROM unnest(s.channel_ids) WITH ORDINALITY AS u(id, n)
        JOIN notification_channels c ON c.channel_id = u.id AND c.org_slug = s.org_slug ORDER BY u.n) AS channel_ids,
  s.enabled, s.last_sent_at, s.created_at, s.updated_at`;

const toItem = (r: Row) => ({
  summary_id: r.summary_id,
  frequency: r.frequency,
  channel_ids: r.channel_ids,
  enabled: r.enabled,
  last_sent_at: isoTimestampOrNull(r.last_sent_at),
  created_at: isoTimestamp(r.created_at),
  updated_at: isoTimestamp(r.updated_at),
});

/** The ids, once each, in order; 400 naming `body.channel_ids` for any that is not a channel of the org. */
async function checkChannels(db: Queryable, orgSlug: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const { rows } = await db.query<{ channel_id: string }>(
    `SELECT channel_id::text AS channel_id FROM notification_channels WHERE org_slug = $1 AND channel_id = ANY($2::uuid[])`,
    [orgSlug, unique],
  );
  const known = new Set(rows.map((r) => r.channel_id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw invalidInput(`Unknown channel ${unknown.join(', ')}.`, [
      {
        field: 'body.channel_ids',
        message: `not a channel of this organization: ${unknown.join(', ')}`,
        code: 'unknown_channel',
      },
    ]);
  return unique;
}

async function getRow(db: Queryable, orgSlug: string, summaryId: string): Promise<Row> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM notification_summaries s WHERE s.org_slug = $1 AND s.summary_id = $2`,
    [orgSlug, summaryId],
  );
  if (!rows[0]) throw notFound(`Summary ${summaryId} not found.`);
  return rows[0];
}

export async function listSummaries(ctx: AppContext, orgSlug: string) {
  const { rows } = await (
    await ctx.db()
  ).query<Row>(
    `SELECT ${COLUMNS} FROM notification_summaries s WHERE s.org_slug = $1 ORDER BY s.created_at, s.summary_id`,
    [orgSlug],
  );
  return { items: rows.map(toItem), next_cursor: null };
}

export async function createSummary(
  ctx: AppContext,
  orgSlug: string,
  body: z.output<typeof CreateSummaryBodySchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const summaryId = randomUUID();
  const row = await db.transaction(async (tx) => {
    const channelIds = await checkChannels(tx, orgSlug, body.channel_ids);
    await tx.query(
      `INSERT INTO notification_summaries (summary_id, org_slug, frequency, channel_ids, enabled)
       VALUES ($1, $2, $3, $4::uuid[], $5)`,
      [summaryId, orgSlug, body.frequency, channelIds, body.enabled ?? true],
    );
    await auditRequest(tx, orgSlug, meta, 'notification.summary.create', summaryId, {
      frequency: body.frequency,
    });
    return getRow(tx, orgSlug, summaryId);
  });
  return toItem(row);
}

export async function updateSummary(
  ctx: AppContext,
  orgSlug: string,
  summaryId: string,
  body: z.output<typeof UpdateSummaryBodySchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const row = await db.transaction(async (tx) => {
    await getRow(tx, orgSlug, summaryId);
    const channelIds =
      body.channel_ids === undefined ? null : await checkChannels(tx, orgSlug, body.channel_ids);
    await tx.query(
      `UPDATE notification_summaries SET frequency = COALESCE($3, frequency),
         channel_ids = COALESCE($4::uuid[], channel_ids), enabled = COALESCE($5, enabled), updated_at = now()
       WHERE org_slug = $1 AND summary_id = $2`,
      [orgSlug, summaryId, body.frequency ?? null, channelIds, body.enabled ?? null],
    );
    await auditRequest(tx, orgSlug, meta, 'notification.summary.update', summaryId, {
      fields: Object.keys(body).sort(),
    });
    return getRow(tx, orgSlug, summaryId);
  });
  return toItem(row);
}

export async function deleteSummary(ctx: AppContext, orgSlug: string, summaryId: string, meta: RequestMeta) {
  await (
    await ctx.db()
  ).transaction(async (tx) => {
    const r = await tx.query('DELETE FROM notification_summaries WHERE org_slug = $1 AND summary_id = $2', [
      orgSlug,
      summaryId,
    ]);
    if (r.rowCount === 0) throw notFound(`Summary ${summaryId} not found.`);
    await auditRequest(tx, orgSlug, meta, 'notification.summary.delete', summaryId);
  });
}

/** Orgs with at least one enabled summary of `frequency` (what a summaries job publishes a message for). */
export async function orgsWithSummaries(ctx: AppContext, frequency: SummaryFrequency): Promise<string[]> {
  const { rows } = await (
    await ctx.db()
  ).query<{ org_slug: string }>(
    `SELECT DISTINCT org_slug FROM notification_summaries WHERE frequency = $1 AND enabled ORDER BY org_slug`,
    [frequency],
  );
  return rows.map((r) => r.org_slug);
}

/** A summaries job: one `send-summaries` message per org with an enabled summary of the frequency. */
export async function publishSummaries(ctx: AppContext, frequency: SummaryFrequency, asOf: Date) {
  const orgs = await orgsWithSummaries(ctx, frequency);
  const bus = await ctx.bus();
  for (const org of orgs)
    await bus.publish(SEND_SUMMARIES_TOPIC, { org_slug: org, frequency, as_of: asOf.toISOString() });
  return orgs;
}

export interface SentSummaries {
  period_start: string;
  period_end: string;
  summaries: number;
  deliveries: Dispatched[];
}

/**
 * Sends the org's enabled summaries of `frequency` for the period that ended before `asOf`: the digest computed
 * once, one delivery claimed per enabled channel of each (`summary:<summary_id>:<frequency>:<period_start>`: a
 * period already claimed is not sent again), and `last_sent_at` set on the summaries that got a new delivery.
 */
export async function sendSummaries(
  ctx: AppContext,
  orgSlug: string,
  frequency: SummaryFrequency,
  asOf: Date,
): Promise<SentSummaries> {
  const db = await ctx.db();
  const { rows } = await db.query<{ summary_id: string; channel_id: string }>(
    `SELECT s.summary_id::text AS summary_id, c.channel_id::text AS channel_id
     FROM notification_summaries s
     CROSS JOIN LATERAL unnest(s.channel_ids) WITH ORDINALITY AS u(id, n)
     JOIN notification_channels c ON c.channel_id = u.id AND c.org_slug = s.org_slug AND c.enabled
     WHERE s.org_slug = $1 AND s.frequency = $2 AND s.enabled
     ORDER BY s.created_at, s.summary_id, u.n`,
    [orgSlug, frequency],
  );
  if (rows.length === 0) return { period_start: '', period_end: '', summaries: 0, deliveries: [] };
  const summary = await computeDigest(ctx, orgSlug, frequency, asOf);
  const message: NotificationMessage = {
    event: 'summary',
    org_slug: orgSlug,
    period_start: summary.period_start,
    period_end: summary.period_end,
    value: summary.total_billed_cost,
    currency: summary.currency,
    sent_at: new Date().toISOString(),
    summary,
  };
  const bySummary = new Map<string, DeliveryClaim[]>();
  for (const r of rows) {
    const claims = bySummary.get(r.summary_id) ?? [];
    claims.push({
      orgSlug,
      channelId: r.channel_id,
      message,
      // With the frequency: a daily period and a weekly or monthly one can start on the same day (a summary
      // switched from daily to weekly would otherwise find its week claimed by a day).
      dedupeKey: `summary:${r.summary_id}:${frequency}:${summary.period_start}`,
      summaryId: r.summary_id,
    });
    bySummary.set(r.summary_id, claims);
  }
  const deliveries: Dispatched[] = [];
  for (const [summaryId, claims] of bySummary) {
    const dispatched = await dispatchDeliveries(ctx, claims);
    deliveries.push(...dispatched);
    if (dispatched.some((d) => d.claimed))
      await db.query(
        'UPDATE notification_summaries SET last_sent_at = now() WHERE org_slug = $1 AND summary_id = $2',
        [orgSlug, summaryId],
      );
  }
  return {
    period_start: summary.period_start,
    period_end: summary.period_end,
    summaries: bySummary.size,
    deliveries,
  };
}
