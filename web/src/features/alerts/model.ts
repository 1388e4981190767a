// The alerts page's pure logic: which fields each alert kind takes, the create forms' schemas (the shared contract
// schemas decide what is valid; the forms only turn text inputs into the bodies they check), and how an alert, a
// scope, a value and a delivery read on screen.
import { z } from 'zod';
import {
  AlertDefinitionSchema,
  AlertKindSchema,
  COST_ALERT_KINDS,
  CreateAlertBodySchema,
  SeveritySchema,
  type AlertKind,
  type AlertScope,
  type CreateAlertBody,
} from '../../../../shared/contracts/alerts.js';
import {
  ChannelTypeSchema,
  CreateChannelBodySchema,
  SummaryFrequencySchema,
  type ChannelType,
  type CreateChannelBody,
} from '../../../../shared/contracts/notifications.js';

// --- labels -------------------------------------------------------------------------------------------------

export const KIND_LABELS: Record<AlertKind, string> = {
  cost_threshold: 'Cost threshold',
  cost_change: 'Cost change',
  forecast: 'Forecast',
  pipeline_failure: 'Pipeline failure',
  unpriced_usage: 'Unpriced usage',
  stale_data: 'Stale data',
};

export const KIND_HINTS: Record<AlertKind, string> = {
  cost_threshold: 'Fires when the cost of the period to date goes over an amount.',
  cost_change: 'Fires when the cost rises by a percentage over the previous period.',
  forecast: 'Fires when the month-end forecast goes over an amount.',
  pipeline_failure: 'Fires when a pipeline run fails.',
  unpriced_usage: 'Fires when GenAI usage has no price.',
  stale_data: "Fires when a provider's data falls behind by a number of days.",
};

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  email: 'Email',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Webhook',
};

export const PERIOD_LABELS = { day: 'Day', week: 'Week', month: 'Month' } as const;
export const FREQUENCY_LABELS = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' } as const;
export const COST_TYPE_LABELS = { cloud: 'Cloud', genai: 'GenAI', subscription: 'Subscriptions' } as const;
export const EVENT_LABELS = { 'alert.fired': 'Alert', summary: 'Summary', test: 'Test' } as const;

// --- the fields of each kind (as checkAlertFields in the contract rules them) ----------------------------------

export type AmountField = 'threshold' | 'percent' | 'days';
export interface KindFields {
  /** 'choose': day, week or month; 'month': always the month (a forecast); null: no period. */
  period: 'choose' | 'month' | null;
  /** The number that fires it, if the kind has one. */
  amount: AmountField | null;
  /** Cost kinds take every scope filter and the metric; the others only a provider. */
  costScope: boolean;
}

export function kindFields(kind: AlertKind): KindFields {
  const costScope = COST_ALERT_KINDS.has(kind);
  switch (kind) {
    case 'cost_threshold':
      return { period: 'choose', amount: 'threshold', costScope };
    case 'cost_change':
      return { period: 'choose', amount: 'percent', costScope };
    case 'forecast':
      return { period: 'month', amount: 'threshold', costScope };
    case 'stale_data':
      return { period: null, amount: 'days', costScope };
    case 'pipeline_failure':
    case 'unpriced_usage':
      return { period: null, amount: null, costScope };
  }
}

export const AMOUNT_LABELS: Record<AmountField, string> = {
  threshold: 'Threshold',
  percent: 'Rise (%)',
  days: 'Days behind',
};

// --- forms: text in, a contract body out -------------------------------------------------------------------------

/** A number typed in a text box: '' is "not given", anything else a number (NaN fails the contract's check). */
export const numberOf = (text: string): number | undefined => {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
};

/** Puts a contract's issues on the form's fields: `map` turns an issue path into a field name. */
function reissue(
  ctx: z.RefinementCtx,
  issues: readonly z.core.$ZodIssue[],
  map: (path: readonly PropertyKey[]) => string[],
): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: map(issue.path) });
}

const ScopeInputSchema = z.object({
  provider: z.string(),
  cost_type: z.string(),
  service_category: z.string(),
  hierarchy_entity_id: z.string(),
  metric: z.string(),
});

const AlertFormInputSchema = z.object({
  name: z.string(),
  kind: AlertKindSchema,
  period: z.string(),
  threshold: z.string(),
  percent: z.string(),
  days: z.string(),
  scope: ScopeInputSchema,
  channel_ids: z.array(z.string()),
  severity: SeveritySchema,
});
export type AlertFormValues = z.input<typeof AlertFormInputSchema>;

export const EMPTY_ALERT_FORM: AlertFormValues = {
  name: '',
  kind: 'cost_threshold',
  period: 'month',
  threshold: '',
  percent: '',
  days: '',
  scope: { provider: '', cost_type: '', service_category: '', hierarchy_entity_id: '', metric: '' },
  channel_ids: [],
  severity: 'warning',
};

/** The create body of a custom alert: only the fields its kind takes, blanks left out. */
export function alertBodyOf(v: AlertFormValues): CreateAlertBody {
  const f = kindFields(v.kind);
  const scope: Record<string, string> = {};
  for (const [key, value] of Object.entries(v.scope)) {
    if (value.trim() === '') continue;
    if (key === 'provider' || f.costScope) scope[key] = value.trim();
  }
  const body: Record<string, unknown> = {
    name: v.name,
    kind: v.kind,
    severity: v.severity,
    channel_ids: v.channel_ids,
  };
  if (f.period === 'choose' && v.period !== '') body.period = v.period;
  if (f.period === 'month') body.period = 'month';
  if (f.amount) body[f.amount] = numberOf(v[f.amount]);
  if (Object.keys(scope).length > 0) body.scope = scope;
  return body as CreateAlertBody;
}

/** The custom alert form: its values checked as `POST /alerts/{org}` checks them, each issue on its field. */
export const AlertFormSchema = AlertFormInputSchema.transform((v, ctx) => {
  const r = CreateAlertBodySchema.safeParse(alertBodyOf(v));
  if (r.success) return r.data;
  reissue(ctx, r.error.issues, (path) => (path.length > 0 ? path.map(String) : ['name']));
  return z.NEVER;
});

export interface Preset {
  preset: string;
  name: string;
  description: string;
  alert: {
    kind: AlertKind;
    period?: 'day' | 'week' | 'month' | undefined;
    threshold?: number | undefined;
    percent?: number | undefined;
    days?: number | undefined;
    scope?: AlertScope | undefined;
    severity: 'info' | 'warning' | 'critical';
  };
}

const PresetFormInputSchema = z.object({
  preset: z.string(),
  name: z.string(),
  amount: z.string(),
  channel_ids: z.array(z.string()),
});
export type PresetFormValues = z.input<typeof PresetFormInputSchema>;

/** The text the amount box starts with for a preset (its own threshold, percent or days, if it has one). */
export function presetAmount(p: Preset | undefined): string {
  const field = p ? kindFields(p.alert.kind).amount : null;
  const value = field ? p?.alert[field] : undefined;
  return value === undefined ? '' : String(value);
}

/**
 * The create body from a preset: the preset's id, the channels, and only what the user changed (a name, the
 * amount); the server fills the rest from the preset.
 */
export function presetBodyOf(p: Preset, v: PresetFormValues): CreateAlertBody {
  const body: Record<string, unknown> = { preset: p.preset, channel_ids: v.channel_ids };
  if (v.name.trim() !== '') body.name = v.name.trim();
  const field = kindFields(p.alert.kind).amount;
  const amount = numberOf(v.amount);
  if (field && amount !== undefined && amount !== p.alert[field]) body[field] = amount;
  return body as CreateAlertBody;
}

/**
 * The preset form for the given presets: the alert the preset would make (its fields, the user's name, amount
 * and channels) is checked as a whole alert, so a preset without a threshold asks for one before sending.
 */
export function presetFormSchema(presets: readonly Preset[]) {
  return PresetFormInputSchema.transform((v, ctx) => {
    const p = presets.find((x) => x.preset === v.preset);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: 'choose a preset', path: ['preset'] });
      return z.NEVER;
    }
    const body = presetBodyOf(p, v);
    const field = kindFields(p.alert.kind).amount;
    const whole = {
      ...p.alert,
      name: body.name ?? p.name,
      channel_ids: body.channel_ids,
      ...(field ? { [field]: numberOf(v.amount) } : {}),
    };
    const checked = AlertDefinitionSchema.safeParse(whole);
    const sent = CreateAlertBodySchema.safeParse(body);
    if (checked.success && sent.success) return sent.data;
    const issues = [...(checked.error?.issues ?? []), ...(sent.error?.issues ?? [])];
    reissue(ctx, issues, (path) => {
      const top = String(path[0] ?? '');
      if (top === 'threshold' || top === 'percent' || top === 'days') return ['amount'];
      if (top === 'name' || top === 'channel_ids') return [top];
      return ['preset'];
    });
    return z.NEVER;
  });
}

const ChannelFormInputSchema = z.object({ name: z.string(), type: ChannelTypeSchema, target: z.string() });
export type ChannelFormValues = z.input<typeof ChannelFormInputSchema>;

/** Email takes a list of recipients (comma, semicolon or line separated); the others one URL. */
export function channelBodyOf(v: ChannelFormValues): CreateChannelBody {
  const target = v.target.trim();
  switch (v.type) {
    case 'email':
      return {
        name: v.name,
        type: 'email',
        config: {
          to: target
            .split(/[\s,;]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        },
      };
    case 'slack':
    case 'teams':
      return { name: v.name, type: v.type, config: { webhook_url: target } };
    case 'webhook':
      return { name: v.name, type: 'webhook', config: { url: target } };
  }
}

/** The channel form: checked as `POST /notifications/{org}/channels` checks it; config issues go on the target. */
export const ChannelFormSchema = ChannelFormInputSchema.transform((v, ctx) => {
  const r = CreateChannelBodySchema.safeParse(channelBodyOf(v));
  if (r.success) return r.data;
  reissue(ctx, r.error.issues, (path) => [path[0] === 'config' ? 'target' : String(path[0] ?? 'name')]);
  return z.NEVER;
});

export const TARGET_LABELS: Record<ChannelType, { label: string; hint: string }> = {
  email: { label: 'Recipients', hint: 'Email addresses, separated by commas.' },
  slack: { label: 'Slack webhook URL', hint: 'An incoming webhook URL from your Slack app.' },
  teams: { label: 'Teams webhook URL', hint: 'An incoming webhook (workflow) URL from Microsoft Teams.' },
  webhook: {
    label: 'Endpoint URL',
    hint: 'CloudAct POSTs JSON signed with X-CloudAct-Signature (the secret is shown once).',
  },
};

export const SummaryFormSchema = z.object({
  frequency: SummaryFrequencySchema,
  channel_ids: z.array(z.uuid()).min(1, 'choose at least one channel').max(20),
});
export type SummaryFormValues = z.input<typeof SummaryFormSchema>;

// --- reading an alert ----------------------------------------------------------------------------------------------

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Object.is(amount, -0) ? 0 : amount);
const plain = (v: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(v);

/** An alert's number as it reads: an amount in the org's currency, a percentage or a number of days. */
export function formatAmount(kind: AlertKind, value: number | null, currency: string): string {
  if (value === null) return '—';
  const field = kindFields(kind).amount;
  if (field === 'threshold') return money(value, currency);
  if (field === 'percent') return `${plain(value)}%`;
  if (field === 'days') return `${plain(value)} ${value === 1 ? 'day' : 'days'}`;
  return plain(value);
}

/** A measured value (an evaluation or a test): cost kinds measure money, cost_change a rise in percent. */
export function formatValue(kind: AlertKind | undefined, value: number | null, currency: string): string {
  if (value === null) return '—';
  if (kind === 'cost_threshold' || kind === 'forecast') return money(value, currency);
  if (kind === 'cost_change') return `${plain(value)}%`;
  if (kind === 'stale_data') return `${plain(value)} ${value === 1 ? 'day' : 'days'}`;
  return plain(value);
}

interface AlertLike {
  kind: AlertKind;
  threshold: number | null;
  percent: number | null;
  days: number | null;
}

/** The alert's threshold, percent or days (whichever its kind has). */
export function alertAmount(a: AlertLike, currency: string): string {
  const field = kindFields(a.kind).amount;
  return field ? formatAmount(a.kind, a[field], currency) : '—';
}

/** The scope in words ("All costs" when it filters nothing); an entity by its name when `entityName` knows it. */
export function scopeText(
  scope: AlertScope | undefined,
  entityName: (id: string) => string | undefined = () => undefined,
): string {
  if (!scope) return 'All costs';
  const parts: string[] = [];
  if (scope.provider) parts.push(`provider ${scope.provider}`);
  if (scope.cost_type) parts.push(COST_TYPE_LABELS[scope.cost_type]);
  if (scope.service_category) parts.push(`category ${scope.service_category}`);
  if (scope.hierarchy_entity_id)
    parts.push(entityName(scope.hierarchy_entity_id) ?? `entity ${scope.hierarchy_entity_id}`);
  if (scope.metric) parts.push(`${scope.metric} cost`);
  return parts.length > 0 ? parts.join(' · ') : 'All costs';
}

/** Channel names for ids, in the given order; an id no longer in the list reads "deleted channel". */
export function channelNames(
  ids: readonly string[],
  channels: readonly { channel_id: string; name: string }[],
) {
  const byId = new Map(channels.map((c) => [c.channel_id, c.name]));
  return ids.map((id) => byId.get(id) ?? 'deleted channel');
}

/** A timestamp in the org's time zone: `Dec 7, 2026, 9:30 AM UTC`. */
export function formatTimestamp(iso: string, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Whether any loaded delivery is still being retried (the history then refreshes itself). */
export const anyRetrying = (pages: readonly { items: readonly { status: string }[] }[] | undefined) =>
  (pages ?? []).some((p) => p.items.some((d) => d.status === 'retrying'));
