/**
 * Alert evaluation: an org's enabled alerts measured against its data as of an instant, each period that fires
 * recorded once (alert_firings, one row per alert and period) and delivered once per channel (notification
 * deliveries claimed with the dedupe key `alert:<alert_id>:<period_key>`, published to `deliver-notification`).
 *
 * Reads per org, not per alert (shared/alerts/inputs.ts): the org row, its alerts, and only for the kinds
 * present: ONE cost slice over the range covering every cost alert's periods (the costs module's cached slice,
 * shared/costs/slice.ts; every cost alert's value is computed from it in memory, shared/alerts/values.ts), one
 * read of failed runs, one of the GenAI unpriced usage groups, one of the cost freshness. Then one write of the new firings, one read of the firings
 * already recorded for the same periods, the deliveries, and one update of the alerts' timestamps.
 *
 * Exactly once: a firing is inserted with ON CONFLICT DO NOTHING, so a re-evaluation, a duplicate message or a
 * retry finds it recorded and `fired` does not list it again; its deliveries are claimed once per channel and
 * dedupe key (shared/notifications/dispatch.ts), so a firing recorded by an evaluation that stopped before
 * publishing is published by the next one, and one already sent is not sent again. Paused alerts are not read;
 * disabled or deleted channels get nothing.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AlertKind, AlertTestResultSchema } from '../contracts/alerts.js';
import { notFound } from '../errors/index.js';
import { Exact } from '../money/decimal.js';
import { loadChannelTarget } from '../notifications/channels.js';
import { claimDelivery, recordAttempt, type DeliveryClaim } from '../notifications/deliveries.js';
import { dispatchDeliveries } from '../notifications/dispatch.js';
import { unitOf, type NotificationMessage } from '../notifications/message.js';
import { sendToChannel } from '../notifications/send.js';
import { sendOptionsOf } from '../notifications/test-channel.js';
import { orgRecord } from '../orgs/org-record.js';
import type { Queryable } from '../ports/database/port.js';
import { addDays } from '../time/day.js';
import { FAILED_RUN_BACKSTOP_DAYS, measureAll, OrgInputs, readAlert, readAlerts } from './inputs.js';
import { dayOf } from './periods.js';
import type { AlertDef, Measure } from './values.js';

export { FAILED_RUN_BACKSTOP_DAYS } from './inputs.js';

export interface EvaluateOptions {
  /** The evaluation's "now": its UTC day ends every period. */
  asOf: Date;
  /** Only alerts of these kinds (all kinds when absent). */
  kinds?: AlertKind[];
  /** pipeline_failure: only this run (from run completion); without it, the backstop window. */
  runId?: string;
}

export interface Fired {
  alert_id: string;
  period_start: string;
  period_end: string;
  value: number;
  threshold: number | null;
}
interface FiringRow {
  alert_id: string;
  period_key: string;
  period_start: string;
  period_end: string;
  value: string;
  threshold: string | null;
}

const num = (v: Exact | string | null) => (v === null ? null : new Exact(v).toNumber());

/** Inserts the firings (ON CONFLICT DO NOTHING); the keys `<alert_id>|<period_key>` inserted now. */
async function insertFirings(
  db: Queryable,
  orgSlug: string,
  firing: { alert: AlertDef; m: Measure }[],
): Promise<Set<string>> {
  if (firing.length === 0) return new Set();
  const params: unknown[] = [orgSlug];
  const values = firing.map(({ alert, m }) => {
    const at = params.length;
    params.push(
      alert.alert_id,
      m.periodKey,
      m.start,
      m.end,
      m.value.toFixed(),
      m.threshold?.toFixed() ?? null,
      JSON.stringify(m.details),
    );
    return `($${at + 1}::uuid, $${at + 2}, $1, $${at + 3}::date, $${at + 4}::date, $${at + 5}::numeric, $${at + 6}::numeric, $${at + 7}::jsonb)`;
  });
  const { rows } = await db.query<{ alert_id: string; period_key: string }>(
    `INSERT INTO alert_firings (alert_id, period_key, org_slug, period_start, period_end, value, threshold, details)
     VALUES ${values.join(', ')}
     ON CONFLICT (alert_id, period_key) DO NOTHING
     RETURNING alert_id::text AS alert_id, period_key`,
    params,
  );
  return new Set(rows.map((r) => `${r.alert_id}|${r.period_key}`));
}

/** The firings recorded for these (alert, period) keys, new or from an earlier evaluation. */
async function recordedFirings(db: Queryable, keys: { alert: AlertDef; m: Measure }[]): Promise<FiringRow[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map(({ alert, m }) => `${alert.alert_id}|${m.periodKey}`));
  const { rows } = await db.query<FiringRow>(
    `SELECT alert_id::text AS alert_id, period_key, period_start::text AS period_start,
       period_end::text AS period_end, value::text AS value, threshold::text AS threshold
     FROM alert_firings WHERE alert_id = ANY($1::uuid[]) AND period_key = ANY($2::text[])`,
    [[...new Set(keys.map((k) => k.alert.alert_id))], [...new Set(keys.map((k) => k.m.periodKey))]],
  );
  return rows.filter((r) => wanted.has(`${r.alert_id}|${r.period_key}`));
}

/** The org's enabled channels' ids. */
async function enabledChannels(db: Queryable, orgSlug: string): Promise<Set<string>> {
  const { rows } = await db.query<{ channel_id: string }>(
    'SELECT channel_id::text AS channel_id FROM notification_channels WHERE org_slug = $1 AND enabled',
    [orgSlug],
  );
  return new Set(rows.map((r) => r.channel_id));
}

/** The message of an alert's period (its fields as the webhook body carries them, API.md). */
function alertMessage(
  event: 'alert.fired' | 'test',
  orgSlug: string,
  currency: string,
  alert: AlertDef,
  f: {
    period_start?: string | null;
    period_end?: string | null;
    value?: number | null;
    threshold?: number | null;
  },
): NotificationMessage {
  return {
    event,
    org_slug: orgSlug,
    alert_id: alert.alert_id,
    alert_name: alert.name,
    kind: alert.kind,
    ...(f.period_start ? { period_start: f.period_start } : {}),
    ...(f.period_end ? { period_end: f.period_end } : {}),
    ...(f.value === null || f.value === undefined ? {} : { value: f.value }),
    ...(f.threshold === null || f.threshold === undefined ? {} : { threshold: f.threshold }),
    ...(unitOf(alert.kind) ? { unit: unitOf(alert.kind) } : {}),
    currency,
    severity: alert.severity,
    sent_at: new Date().toISOString(),
  };
}

/**
 * Evaluates the org's enabled alerts (of `kinds`, when given) as of `asOf`: records each period that fires once
 * and delivers it once to each of the alert's enabled channels; `fired` lists the periods that fired now for the
 * first time (a re-evaluation lists nothing new and sends nothing new). An unknown org is a 404.
 */
export async function evaluateOrgAlerts(
  ctx: AppContext,
  orgSlug: string,
  o: EvaluateOptions,
): Promise<{ evaluated: number; fired: Fired[] }> {
  const db = await ctx.db();
  const org = await orgRecord(db, orgSlug);
  const alerts = await readAlerts(db, orgSlug, o.kinds);
  if (alerts.length === 0) return { evaluated: 0, fired: [] };
  const asOf = dayOf(o.asOf);
  const measures = await measureAll(new OrgInputs(ctx, org, asOf, o.asOf), alerts, asOf, o.runId);

  const all = [...measures].flatMap(([alert, ms]) => ms.map((m) => ({ alert, m })));
  const firing = all.filter(({ m }) => m.fires);
  const inserted = await insertFirings(db, orgSlug, firing);
  // Every period recorded (now or before) is delivered: a claim already made sends nothing again.
  const recorded = await recordedFirings(db, all);

  const fired: Fired[] = [];
  const claims: DeliveryClaim[] = [];
  const channels = recorded.length > 0 ? await enabledChannels(db, orgSlug) : new Set<string>();
  const byId = new Map(alerts.map((a) => [a.alert_id, a]));
  for (const r of recorded) {
    const alert = byId.get(r.alert_id)!;
    const f = {
      alert_id: r.alert_id,
      period_start: r.period_start,
      period_end: r.period_end,
      value: num(r.value)!,
      threshold: num(r.threshold),
    };
    if (inserted.has(`${r.alert_id}|${r.period_key}`)) fired.push(f);
    const message = alertMessage('alert.fired', orgSlug, org.currency, alert, f);
    for (const channelId of alert.channel_ids) {
      if (!channels.has(channelId)) continue;
      claims.push({
        orgSlug,
        channelId,
        message,
        dedupeKey: `alert:${r.alert_id}:${r.period_key}`,
        alertId: r.alert_id,
      });
    }
  }
  await dispatchDeliveries(ctx, claims);

  const firedIds = [...new Set(fired.map((f) => f.alert_id))];
  await db.query(
    `UPDATE alerts SET last_evaluated_at = now(),
       last_fired_at = CASE WHEN alert_id = ANY($2::uuid[]) THEN now() ELSE last_fired_at END
     WHERE org_slug = $3 AND alert_id = ANY($1::uuid[])`,
    [alerts.map((a) => a.alert_id), firedIds, orgSlug],
  );
  if (fired.length > 0)
    ctx.log.info('alerts fired', { org_slug: orgSlug, as_of: o.asOf.toISOString(), fired: fired.length });
  return {
    evaluated: alerts.length,
    fired: fired.sort((a, b) =>
      a.alert_id === b.alert_id
        ? a.period_start.localeCompare(b.period_start)
        : a.alert_id.localeCompare(b.alert_id),
    ),
  };
}

/** The measure a test reports: the first that fires, else the first (stale data: most behind; runs: latest). */
function reported(ms: Measure[]): Measure | undefined {
  return ms.find((m) => m.fires) ?? ms[0];
}

/**
 * `POST …/{alert_id}/test`: the alert's current value (as of now, or `o.asOf`; paused alerts too), whether it would fire now,
 * and a `test` message with its fields sent now to each of its enabled channels, each recorded in the history as
 * one final attempt (as a channel test is). Records no firing. Another org's or an unknown alert is a 404.
 */
export async function testAlert(
  ctx: AppContext,
  orgSlug: string,
  alertId: string,
  o: { asOf?: Date } = {},
): Promise<z.output<typeof AlertTestResultSchema>> {
  const db = await ctx.db();
  const org = await orgRecord(db, orgSlug);
  const alert = await readAlert(db, orgSlug, alertId);
  if (!alert) throw notFound(`Alert ${alertId} not found.`);
  const at = o.asOf ?? new Date();
  const asOf = dayOf(at);
  const measures = (await measureAll(new OrgInputs(ctx, org, asOf, at), [alert], asOf)).get(alert) ?? [];
  if (alert.kind === 'stale_data') measures.sort((a, b) => b.value.comparedTo(a.value));
  const m = reported(measures);
  const noChange = alert.kind === 'cost_change' && m?.details.no_change !== undefined;
  const result = {
    alert_id: alert.alert_id,
    period_start:
      m?.start ?? (alert.kind === 'pipeline_failure' ? addDays(asOf, -FAILED_RUN_BACKSTOP_DAYS) : null),
    period_end: m?.end ?? (alert.kind === 'pipeline_failure' ? asOf : null),
    value: m && !noChange ? num(m.value) : alert.kind === 'pipeline_failure' ? 0 : null,
    threshold: m ? num(m.threshold) : alert.kind === 'stale_data' ? alert.days : null,
    would_fire: m?.fires ?? false,
  };
  const message = alertMessage('test', orgSlug, org.currency, alert, result);
  const channels = await enabledChannels(db, orgSlug);
  const deliveries: z.output<typeof AlertTestResultSchema>['deliveries'] = [];
  for (const channelId of alert.channel_ids) {
    if (!channels.has(channelId)) continue;
    const { target } = await loadChannelTarget(ctx, orgSlug, channelId);
    const deliveryId = (await claimDelivery(db, {
      orgSlug,
      channelId,
      message,
      dedupeKey: `test:${randomUUID()}`,
      alertId: alert.alert_id,
    }))!;
    const sent = await sendToChannel(target, message, sendOptionsOf(ctx));
    const status = await recordAttempt(db, deliveryId, sent, true);
    deliveries.push({
      channel_id: channelId,
      delivery_id: deliveryId,
      status,
      error: sent.ok ? null : sent.error,
    });
  }
  ctx.log.info('alert test sent', { org_slug: orgSlug, alert_id: alertId, channels: deliveries.length });
  return { ...result, deliveries };
}
