import { z } from 'zod';
import { route } from './route.js';
import {
  DateSchema,
  listOf,
  orgAdmin,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
  TimestampSchema,
} from './common.js';
import { COST_TYPES } from './costs.js';

export const AlertKindSchema = z.enum([
  'cost_threshold',
  'cost_change',
  'forecast',
  'pipeline_failure',
  'unpriced_usage',
  'stale_data',
]);
export type AlertKind = z.infer<typeof AlertKindSchema>;
/** Kinds that measure cost and take a scope's cost filters and metric. */
export const COST_ALERT_KINDS: ReadonlySet<AlertKind> = new Set([
  'cost_threshold',
  'cost_change',
  'forecast',
]);

export const AlertPeriodSchema = z.enum(['day', 'week', 'month']);
export type AlertPeriod = z.infer<typeof AlertPeriodSchema>;
export const SeveritySchema = z.enum(['info', 'warning', 'critical']);
export const MetricSchema = z.enum(['billed', 'effective']);

/** Which costs a cost alert measures; every filter is the costs API's (a hierarchy entity includes its descendants). */
export const AlertScopeSchema = z.strictObject({
  provider: z.string().trim().min(1).max(100).optional(),
  cost_type: z.enum(COST_TYPES).optional(),
  service_category: z.string().trim().min(1).max(100).optional(),
  hierarchy_entity_id: z.string().trim().min(1).max(100).optional(),
  metric: MetricSchema.optional(),
});
export type AlertScope = z.output<typeof AlertScopeSchema>;

const Name = z.string().trim().min(1).max(100);
const Positive = z.number().finite().positive('must be greater than 0').max(1e15);
const ChannelIds = z.array(z.uuid()).max(20);

const AlertFields = {
  name: Name,
  kind: AlertKindSchema,
  period: AlertPeriodSchema.optional(),
  /** cost_threshold and forecast: an amount in the org's currency. */
  threshold: Positive.optional(),
  /** cost_change: the rise over the previous period, in percent. */
  percent: Positive.max(100000).optional(),
  /** stale_data: how many days behind a provider's data may be. */
  days: z.number().int().min(1).max(365).optional(),
  scope: AlertScopeSchema.optional(),
  channel_ids: ChannelIds,
  severity: SeveritySchema.optional(),
  enabled: z.boolean().optional(),
};

type FieldsIn = {
  kind: AlertKind;
  period?: AlertPeriod | undefined;
  threshold?: number | undefined;
  percent?: number | undefined;
  days?: number | undefined;
  scope?: AlertScope | undefined;
};

/**
 * The fields each kind needs and refuses, as zod issues on the field (a 400 names it): cost_threshold needs
 * period and threshold, cost_change period and percent, forecast threshold (its period is the month), stale_data
 * days; pipeline_failure and unpriced_usage take none of them, and only cost kinds take a scope beyond provider.
 */
export function checkAlertFields(a: FieldsIn, ctx: z.RefinementCtx): void {
  const need = (field: keyof FieldsIn, why: string) => {
    if (a[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `required: ${why}` });
  };
  const refuse = (field: keyof FieldsIn) => {
    if (a[field] !== undefined)
      ctx.addIssue({ code: 'custom', path: [field], message: `not used by a ${a.kind} alert` });
  };
  switch (a.kind) {
    case 'cost_threshold':
      need('period', 'the period the cost is summed over');
      need('threshold', 'the amount the cost must exceed');
      refuse('percent');
      refuse('days');
      break;
    case 'cost_change':
      need('period', 'the period compared with the one before');
      need('percent', 'the rise in percent that fires the alert');
      refuse('threshold');
      refuse('days');
      break;
    case 'forecast':
      need('threshold', 'the month-end amount the forecast must exceed');
      if (a.period !== undefined && a.period !== 'month')
        ctx.addIssue({ code: 'custom', path: ['period'], message: 'a forecast is for the month' });
      refuse('percent');
      refuse('days');
      break;
    case 'stale_data':
      need('days', 'how many days behind the data may be');
      refuse('period');
      refuse('threshold');
      refuse('percent');
      break;
    case 'pipeline_failure':
    case 'unpriced_usage':
      refuse('period');
      refuse('threshold');
      refuse('percent');
      refuse('days');
      break;
  }
  if (!COST_ALERT_KINDS.has(a.kind) && a.scope) {
    for (const key of Object.keys(a.scope)) {
      if (key !== 'provider')
        ctx.addIssue({ code: 'custom', path: ['scope', key], message: `not used by a ${a.kind} alert` });
    }
  }
}

/**
 * A new alert; with `preset` (GET …/presets) the preset's fields fill every field the body leaves out, so
 * `{"preset": "monthly-budget", "threshold": 5000, "channel_ids": [...]}` is a whole alert.
 */
export const CreateAlertBodySchema = z
  .strictObject({
    ...AlertFields,
    preset: z.string().max(100).optional(),
    name: Name.optional(),
    kind: AlertKindSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.preset !== undefined) return; // checked once the preset's fields are merged in
    if (b.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'required' });
    if (b.kind === undefined) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'required' });
    else checkAlertFields({ ...b, kind: b.kind }, ctx);
  });
export type CreateAlertBody = z.output<typeof CreateAlertBodySchema>;
/** A whole alert (a body with its preset merged in), checked as a create body without a preset is. */
export const AlertDefinitionSchema = z.strictObject(AlertFields).superRefine(checkAlertFields);
export type AlertDefinition = z.output<typeof AlertDefinitionSchema>;

/** A change: the kind cannot change; the result is checked as a whole (a 400 names the field). */
export const UpdateAlertBodySchema = z
  .strictObject({
    name: Name.optional(),
    period: AlertPeriodSchema.nullable().optional(),
    threshold: Positive.nullable().optional(),
    percent: Positive.max(100000).nullable().optional(),
    days: z.number().int().min(1).max(365).nullable().optional(),
    scope: AlertScopeSchema.optional(),
    channel_ids: ChannelIds.optional(),
    severity: SeveritySchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');

export const AlertSchema = z.object({
  alert_id: z.string(),
  name: z.string(),
  kind: AlertKindSchema,
  period: AlertPeriodSchema.nullable(),
  threshold: z.number().nullable(),
  percent: z.number().nullable(),
  days: z.number().int().nullable(),
  scope: AlertScopeSchema,
  channel_ids: z.array(z.string()),
  severity: SeveritySchema,
  enabled: z.boolean(),
  /** The preset it was created from, if any. */
  preset: z.string().nullable(),
  last_evaluated_at: TimestampSchema.nullable(),
  last_fired_at: TimestampSchema.nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Alert = z.output<typeof AlertSchema>;

export const AlertPresetSchema = z.object({
  preset: z.string(),
  name: z.string(),
  description: z.string(),
  /** The alert it creates (add channel_ids, and a threshold where it has none). */
  alert: z.object({
    kind: AlertKindSchema,
    period: AlertPeriodSchema.optional(),
    threshold: z.number().optional(),
    percent: z.number().optional(),
    days: z.number().int().optional(),
    scope: AlertScopeSchema.optional(),
    severity: SeveritySchema,
  }),
});

export const BulkAlertBodySchema = z.strictObject({
  alert_ids: z.array(z.uuid()).min(1).max(500),
  action: z.enum(['enable', 'disable', 'delete']),
});
export const BulkAlertResultSchema = z.object({
  action: z.enum(['enable', 'disable', 'delete']),
  /** The ids acted on (all of them: an unknown id refuses the whole request with 404, nothing changed). */
  alert_ids: z.array(z.string()),
});

export const FiredSchema = z.object({
  alert_id: z.string(),
  period_start: DateSchema,
  period_end: DateSchema,
  value: z.number(),
  threshold: z.number().nullable(),
});
export const EvaluateResultSchema = z.object({
  /** Alerts evaluated (enabled ones). */
  evaluated: z.number().int(),
  /** Alerts that fired now for a period that had not fired before (a re-evaluation lists nothing new). */
  fired: z.array(FiredSchema),
});

/** `POST …/{alert_id}/test`: the alert's current value, whether it would fire, and a test message to its channels. */
export const AlertTestResultSchema = z.object({
  alert_id: z.string(),
  period_start: DateSchema.nullable(),
  period_end: DateSchema.nullable(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  would_fire: z.boolean(),
  deliveries: z.array(
    z.object({
      channel_id: z.string(),
      delivery_id: z.string(),
      status: z.enum(['delivered', 'retrying', 'failed']),
      error: z.string().nullable(),
    }),
  ),
});

/** Bus message of `evaluate-alerts` (one per org, from `alerts-daily` or after a run). */
export const EVALUATE_ALERTS_TOPIC = 'alerts-evaluate';
export const EvaluateAlertsMessageSchema = z.strictObject({
  org_slug: OrgSlugSchema,
  /** The evaluation's "now" (the job's fire time), so a redelivered message evaluates the same periods. */
  as_of: TimestampSchema,
  /** Only these kinds (pipeline_failure is evaluated from run completion with the run id). */
  kinds: z.array(AlertKindSchema).optional(),
  run_id: z.uuid().optional(),
});
export type EvaluateAlertsMessage = z.output<typeof EvaluateAlertsMessageSchema>;

/** Bus message of `deliver-notification`: one claimed delivery (notification_deliveries) to send. */
export const DELIVER_NOTIFICATION_TOPIC = 'notification-deliver';
export const DeliverNotificationMessageSchema = z.strictObject({
  org_slug: OrgSlugSchema,
  delivery_id: z.uuid(),
});

const AlertParams = z.strictObject({ org: OrgSlugSchema, alert_id: z.uuid() });
const base = '/api/v1/alerts/{org}';

export const alertRoutes = {
  list: route({
    id: 'alerts.list',
    method: 'GET',
    path: base,
    summary: "The org's alerts.",
    ...orgViewer,
    params: OrgParamsSchema,
    response: listOf(AlertSchema),
  }),
  create: route({
    id: 'alerts.create',
    method: 'POST',
    path: base,
    summary:
      'Create an alert (cost threshold, cost change, forecast, pipeline failure, unpriced usage, stale data), or one from a preset.',
    ...orgAdmin,
    params: OrgParamsSchema,
    body: CreateAlertBodySchema,
    response: AlertSchema,
    status: 201,
    example: {
      body: {
        name: 'Monthly cloud budget',
        kind: 'cost_threshold',
        period: 'month',
        threshold: 5000,
        scope: { cost_type: 'cloud' },
        channel_ids: ['6f1c2b1e-8c1e-4a5e-9a62-0a8f3c2d9b11'],
        severity: 'critical',
      },
    },
  }),
  presets: route({
    id: 'alerts.presets',
    method: 'GET',
    path: `${base}/presets`,
    summary: 'Ready-made alerts to create from (`POST` with `preset`).',
    ...orgViewer,
    params: OrgParamsSchema,
    response: z.object({ items: z.array(AlertPresetSchema) }),
  }),
  bulk: route({
    id: 'alerts.bulk',
    method: 'POST',
    path: `${base}/bulk`,
    summary: 'Enable, disable or delete several alerts at once (all or none).',
    ...orgAdmin,
    params: OrgParamsSchema,
    body: BulkAlertBodySchema,
    response: BulkAlertResultSchema,
  }),
  evaluate: route({
    id: 'alerts.evaluate',
    method: 'POST',
    path: `${base}/evaluate`,
    summary:
      "Evaluate the org's enabled alerts now and deliver what fires (at most once per alert and period).",
    ...orgAdmin,
    params: OrgParamsSchema,
    response: EvaluateResultSchema,
  }),
  get: route({
    id: 'alerts.get',
    method: 'GET',
    path: `${base}/{alert_id}`,
    summary: 'One alert.',
    ...orgViewer,
    params: AlertParams,
    response: AlertSchema,
  }),
  update: route({
    id: 'alerts.update',
    method: 'PATCH',
    path: `${base}/{alert_id}`,
    summary: 'Change an alert (not its kind).',
    ...orgAdmin,
    params: AlertParams,
    body: UpdateAlertBodySchema,
    response: AlertSchema,
    example: { body: { threshold: 7500 } },
  }),
  delete: route({
    id: 'alerts.delete',
    method: 'DELETE',
    path: `${base}/{alert_id}`,
    summary: 'Delete an alert (its delivery history stays).',
    ...orgAdmin,
    params: AlertParams,
    response: z.null(),
    status: 204,
  }),
  pause: route({
    id: 'alerts.pause',
    method: 'POST',
    path: `${base}/{alert_id}/pause`,
    summary: 'Pause an alert: it is not evaluated and sends nothing until resumed.',
    ...orgAdmin,
    params: AlertParams,
    response: AlertSchema,
  }),
  resume: route({
    id: 'alerts.resume',
    method: 'POST',
    path: `${base}/{alert_id}/resume`,
    summary: 'Resume a paused alert.',
    ...orgAdmin,
    params: AlertParams,
    response: AlertSchema,
  }),
  test: route({
    id: 'alerts.test',
    method: 'POST',
    path: `${base}/{alert_id}/test`,
    summary:
      "Compute the alert's current value and send a test message of it to its channels (recorded; fires nothing).",
    ...orgAdmin,
    params: AlertParams,
    response: AlertTestResultSchema,
  }),
};
