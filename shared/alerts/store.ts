import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  AlertDefinitionSchema,
  type AlertDefinition,
  type AlertKind,
  type AlertPeriod,
  type AlertScope,
  type CreateAlertBody,
  type UpdateAlertBodySchema,
} from '../contracts/alerts.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import { conflict, invalidInput, notFound, zodDetails } from '../errors/index.js';
import { Exact } from '../money/decimal.js';
import type { Queryable } from '../ports/database/port.js';
import { isoTimestamp, isoTimestampOrNull } from '../ports/database/values.js';
import { ALERT_PRESETS, findPreset } from './presets.js';

interface Row {
  alert_id: string;
  name: string;
  kind: AlertKind;
  period: AlertPeriod | null;
  threshold: string | null;
  percent: string | null;
  days: number | null;
  scope: AlertScope;
  channel_ids: string[];
  severity: 'info' | 'warning' | 'critical';
  enabled: boolean;
  preset: string | null;
  last_evaluated_at: Date | null;
  last_fired_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = `alert_id::text AS alert_id, name, kind, period, threshold::text AS threshold,
  percent::text AS percent, days, scope, channel_ids::text[] AS channel_ids, severity, enabled, preset,
  last_evaluated_at, last_fired_at, created_at, updated_at`;

const num = (v: string | null) => (v === null ? null : Number(v));
const toItem = (r: Row) => ({
  ...r,
  threshold: num(r.threshold),
  percent: num(r.percent),
  last_evaluated_at: isoTimestampOrNull(r.last_evaluated_at),
  last_fired_at: isoTimestampOrNull(r.last_fired_at),
  created_at: isoTimestamp(r.created_at),
  updated_at: isoTimestamp(r.updated_at),
});
export type AlertItem = ReturnType<typeof toItem>;

/** A JSON number as the exact decimal text it denotes, for a numeric column (never through a float's rounding). */
const decimal = (v: number | undefined) => (v === undefined ? null : new Exact(v).toFixed());

/** A whole alert checked as a create body without a preset is: a 400 names each bad field as `body.<field>`. */
function checkDefinition(fields: Record<string, unknown>): AlertDefinition {
  const parsed = AlertDefinitionSchema.safeParse(fields);
  if (!parsed.success) throw invalidInput('Invalid alert.', zodDetails('body', parsed.error));
  // A forecast is always of the month; stored so, whether the caller said it or not.
  return parsed.data.kind === 'forecast' ? { ...parsed.data, period: 'month' } : parsed.data;
}

/** The body with its preset's fields filling the ones it leaves out (scope key by key), then checked whole. */
export function definitionOf(body: CreateAlertBody): { definition: AlertDefinition; preset: string | null } {
  const { preset: presetId, ...fields } = body;
  if (presetId === undefined) return { definition: checkDefinition(fields), preset: null };
  const preset = findPreset(presetId);
  if (!preset)
    throw invalidInput(`Unknown preset "${presetId}".`, [
      {
        field: 'body.preset',
        message: `unknown preset; one of ${ALERT_PRESETS.map((p) => p.preset).join(', ')}`,
        code: 'unknown_preset',
      },
    ]);
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const scope = preset.alert.scope || fields.scope ? { ...preset.alert.scope, ...fields.scope } : undefined;
  return {
    definition: checkDefinition({
      name: preset.name,
      ...preset.alert,
      ...defined,
      ...(scope ? { scope } : {}),
    }),
    preset: preset.preset,
  };
}

/**
 * Checks that every id is a channel of the org (another org's channel is as unknown as a made-up id) and holds
 * a key-share lock on them to the end of the transaction, so a channel deleted meanwhile cannot stay listed.
 * Returns the ids without repeats, in their order.
 */
async function checkChannels(tx: Queryable, orgSlug: string, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (!unique.length) return unique;
  const { rows } = await tx.query<{ channel_id: string }>(
    `SELECT channel_id::text AS channel_id FROM notification_channels
     WHERE org_slug = $1 AND channel_id = ANY($2::uuid[]) FOR KEY SHARE`,
    [orgSlug, unique],
  );
  const known = new Set(rows.map((r) => r.channel_id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length)
    throw invalidInput(`Unknown channel id ${unknown.join(', ')}.`, [
      {
        field: 'body.channel_ids',
        message: `not a channel of this organization: ${unknown.join(', ')}`,
        code: 'unknown_channel',
      },
    ]);
  return unique;
}

/**
 * Checks that the scope's hierarchy entity (if any) is an entity of the org's hierarchy (hierarchy_entities), and
 * holds a key-share lock on it to the end of the transaction, so it cannot be deleted meanwhile: an unknown id (or
 * another org's) would filter every cost out and the alert would measure 0 forever. 400 naming
 * `body.scope.hierarchy_entity_id`.
 */
async function checkEntity(tx: Queryable, orgSlug: string, scope: AlertScope | undefined): Promise<void> {
  const entityId = scope?.hierarchy_entity_id;
  if (entityId === undefined) return;
  const { rows } = await tx.query(
    `SELECT 1 FROM hierarchy_entities WHERE org_slug = $1 AND entity_id = $2 FOR KEY SHARE`,
    [orgSlug, entityId],
  );
  if (rows.length === 0)
    throw invalidInput(`Unknown hierarchy entity "${entityId}".`, [
      {
        field: 'body.scope.hierarchy_entity_id',
        message: `not an entity of this organization's hierarchy: ${entityId}`,
        code: 'unknown_entity',
      },
    ]);
}

const values = (d: AlertDefinition, channelIds: string[]) => [
  d.name,
  d.period ?? null,
  decimal(d.threshold),
  decimal(d.percent),
  d.days ?? null,
  JSON.stringify(d.scope ?? {}),
  channelIds,
];

/** Creates an alert from a body or a preset (201); a name already used in the org is a 409. */
export async function createAlert(
  ctx: AppContext,
  orgSlug: string,
  body: CreateAlertBody,
  meta: RequestMeta,
) {
  const { definition: d, preset } = definitionOf(body);
  const alertId = randomUUID();
  const row = await (
    await ctx.db()
  ).transaction(async (tx) => {
    const channelIds = await checkChannels(tx, orgSlug, d.channel_ids);
    await checkEntity(tx, orgSlug, d.scope);
    const { rows } = await tx.query<Row>(
      `INSERT INTO alerts (alert_id, org_slug, kind, severity, enabled, preset,
         name, period, threshold, percent, days, scope, channel_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10::numeric, $11, $12::jsonb, $13::uuid[])
       ON CONFLICT (org_slug, name) DO NOTHING RETURNING ${COLUMNS}`,
      [
        alertId,
        orgSlug,
        d.kind,
        d.severity ?? 'warning',
        d.enabled ?? true,
        preset,
        ...values(d, channelIds),
      ],
    );
    if (!rows[0]) throw conflict(`An alert named "${d.name}" already exists.`);
    await auditRequest(tx, orgSlug, meta, 'alert.create', alertId, { kind: d.kind, preset });
    return rows[0];
  });
  return toItem(row);
}

export async function listAlerts(ctx: AppContext, orgSlug: string) {
  const { rows } = await (
    await ctx.db()
  ).query<Row>(`SELECT ${COLUMNS} FROM alerts WHERE org_slug = $1 ORDER BY created_at, alert_id`, [orgSlug]);
  return { items: rows.map(toItem), next_cursor: null };
}

async function getRow(db: Queryable, orgSlug: string, alertId: string, lock = false) {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM alerts WHERE org_slug = $1 AND alert_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [orgSlug, alertId],
  );
  if (!rows[0]) throw notFound(`Alert ${alertId} not found.`);
  return rows[0];
}

export const getAlert = async (ctx: AppContext, orgSlug: string, alertId: string) =>
  toItem(await getRow(await ctx.db(), orgSlug, alertId));

type UpdateAlertBody = z.output<typeof UpdateAlertBodySchema>;

/** A value of the body, else the stored one; null clears it. */
const merged = <T>(given: T | null | undefined, stored: T | null): T | undefined =>
  given === null ? undefined : given !== undefined ? given : (stored ?? undefined);

/**
 * Changes an alert: the body is merged onto the stored alert and the result checked whole (its kind stays), so a
 * 400 names the field that does not fit (e.g. a threshold on a cost_change alert, or a cleared required field).
 */
export async function updateAlert(
  ctx: AppContext,
  orgSlug: string,
  alertId: string,
  body: UpdateAlertBody,
  meta: RequestMeta,
) {
  const row = await (
    await ctx.db()
  ).transaction(async (tx) => {
    const current = await getRow(tx, orgSlug, alertId, true);
    const d = checkDefinition(
      Object.fromEntries(
        Object.entries({
          name: body.name ?? current.name,
          kind: current.kind,
          period: merged(body.period, current.period),
          threshold: merged(body.threshold, num(current.threshold)),
          percent: merged(body.percent, num(current.percent)),
          days: merged(body.days, current.days),
          scope: body.scope ?? current.scope,
          channel_ids: body.channel_ids ?? current.channel_ids,
          severity: body.severity ?? current.severity,
          enabled: body.enabled ?? current.enabled,
        }).filter(([, v]) => v !== undefined),
      ),
    );
    const channelIds =
      body.channel_ids === undefined ? current.channel_ids : await checkChannels(tx, orgSlug, d.channel_ids);
    // A scope given is checked whole (an entity since deleted is not held against an edit of other fields).
    if (body.scope !== undefined) await checkEntity(tx, orgSlug, d.scope);
    const { rows } = await tx.query<Row>(
      `UPDATE alerts SET severity = $3, enabled = $4, name = $5, period = $6, threshold = $7::numeric,
         percent = $8::numeric, days = $9, scope = $10::jsonb, channel_ids = $11::uuid[], updated_at = now()
       WHERE org_slug = $1 AND alert_id = $2
         AND NOT EXISTS (SELECT 1 FROM alerts o WHERE o.org_slug = $1 AND o.name = $5 AND o.alert_id <> $2)
       RETURNING ${COLUMNS}`,
      [orgSlug, alertId, d.severity ?? 'warning', d.enabled ?? true, ...values(d, channelIds)],
    );
    if (!rows[0]) throw conflict(`An alert named "${d.name}" already exists.`);
    await auditRequest(tx, orgSlug, meta, 'alert.update', alertId, { fields: Object.keys(body).sort() });
    return rows[0];
  });
  return toItem(row);
}

export async function deleteAlert(ctx: AppContext, orgSlug: string, alertId: string, meta: RequestMeta) {
  await (
    await ctx.db()
  ).transaction(async (tx) => {
    const r = await tx.query('DELETE FROM alerts WHERE org_slug = $1 AND alert_id = $2', [orgSlug, alertId]);
    if (r.rowCount === 0) throw notFound(`Alert ${alertId} not found.`);
    await auditRequest(tx, orgSlug, meta, 'alert.delete', alertId);
  });
}

/** Pauses (enabled false: not evaluated, sends nothing) or resumes an alert. */
export async function setAlertEnabled(
  ctx: AppContext,
  orgSlug: string,
  alertId: string,
  enabled: boolean,
  meta: RequestMeta,
) {
  const row = await (
    await ctx.db()
  ).transaction(async (tx) => {
    const { rows } = await tx.query<Row>(
      `UPDATE alerts SET enabled = $3, updated_at = now() WHERE org_slug = $1 AND alert_id = $2
       RETURNING ${COLUMNS}`,
      [orgSlug, alertId, enabled],
    );
    if (!rows[0]) throw notFound(`Alert ${alertId} not found.`);
    await auditRequest(tx, orgSlug, meta, enabled ? 'alert.resume' : 'alert.pause', alertId);
    return rows[0];
  });
  return toItem(row);
}

export type BulkAction = 'enable' | 'disable' | 'delete';

/** Enables, disables or deletes alerts of the org, all or none: one id not of the org is a 404 and nothing changes. */
export async function bulkAlerts(
  ctx: AppContext,
  orgSlug: string,
  body: { alert_ids: string[]; action: BulkAction },
  meta: RequestMeta,
) {
  const ids = [...new Set(body.alert_ids.map((id) => id.toLowerCase()))];
  await (
    await ctx.db()
  ).transaction(async (tx) => {
    const { rows } = await tx.query<{ alert_id: string }>(
      'SELECT alert_id::text AS alert_id FROM alerts WHERE org_slug = $1 AND alert_id = ANY($2::uuid[]) FOR UPDATE',
      [orgSlug, ids],
    );
    const found = new Set(rows.map((r) => r.alert_id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw notFound(`Alert ${missing.join(', ')} not found; nothing was changed.`);
    if (body.action === 'delete')
      await tx.query('DELETE FROM alerts WHERE org_slug = $1 AND alert_id = ANY($2::uuid[])', [orgSlug, ids]);
    else
      await tx.query(
        'UPDATE alerts SET enabled = $3, updated_at = now() WHERE org_slug = $1 AND alert_id = ANY($2::uuid[])',
        [orgSlug, ids, body.action === 'enable'],
      );
    await auditRequest(tx, orgSlug, meta, `alert.bulk.${body.action}`, undefined, { alert_ids: ids });
  });
  return { action: body.action, alert_ids: ids };
}
