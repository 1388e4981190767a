import { z } from 'zod';

const Amount = z.number();
/** A change against the previous period: the amount, and the percent of the previous (null when that was 0). */
export const ChangeSchema = z.object({ amount: Amount, percent: z.number().nullable() });

/** One entry of a top-movers list: a provider, service or hierarchy entity whose billed cost moved most. */
export const MoverSchema = z.object({
  key: z.string().nullable(),
  name: z.string(),
  current: Amount,
  previous: Amount,
  change: ChangeSchema,
});
export type Mover = z.infer<typeof MoverSchema>;

const Totals = z.object({ billed_cost: Amount, effective_cost: Amount });

/**
 * A daily, weekly or monthly cost digest (shared/notifications/digest.ts): the period that ended, its totals (equal
 * to `GET /api/v1/costs/{org}/summary` for the same dates) and their change against the period before, by cost
 * type, the top movers, GenAI usage without a price and failed pipeline runs of the period. Money in `currency`.
 */
export const SummaryDigestSchema = z.object({
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  currency: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  previous_start: z.string(),
  previous_end: z.string(),
  total_billed_cost: Amount,
  total_effective_cost: Amount,
  previous_billed_cost: Amount,
  previous_effective_cost: Amount,
  billed_change: ChangeSchema,
  effective_change: ChangeSchema,
  by_cost_type: z.record(z.string(), Totals.extend({ previous_billed_cost: Amount })),
  top_movers: z.object({
    provider: z.array(MoverSchema),
    service: z.array(MoverSchema),
    hierarchy: z.array(MoverSchema),
  }),
  unpriced_usage: z.object({
    /** Unpriced usage groups (provider, model, token type, unit, reason) in the period. */
    count: z.number().int(),
    items: z.array(
      z.object({
        provider: z.string(),
        model: z.string().nullable(),
        token_type: z.string(),
        quantity: z.number(),
        unit: z.string(),
        reason: z.string(),
      }),
    ),
  }),
  failed_runs: z.object({
    count: z.number().int(),
    items: z.array(
      z.object({
        run_id: z.string(),
        pipeline_id: z.string(),
        error: z.string().nullable(),
        finished_at: z.string().nullable(),
      }),
    ),
  }),
});
export type SummaryDigest = z.infer<typeof SummaryDigestSchema>;

/**
 * One notification as every channel renders it; for a webhook it is the JSON body itself (API.md "Webhook
 * delivery"), so its fields are exactly those.
 */
export const NotificationMessageSchema = z.object({
  event: z.enum(['alert.fired', 'summary', 'test']),
  org_slug: z.string(),
  alert_id: z.string().optional(),
  alert_name: z.string().optional(),
  kind: z.string().optional(),
  period_start: z.string().optional(),
  period_end: z.string().optional(),
  value: z.number().optional(),
  threshold: z.number().optional(),
  /** Of an alert: what `value` and `threshold` count (additive to API.md's webhook body). */
  unit: z.enum(['currency', 'percent', 'days', 'count']).optional(),
  currency: z.string(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  /** Of a `summary`: the digest (API.md's fields plus this one). */
  summary: SummaryDigestSchema.optional(),
  sent_at: z.string(),
});
export type NotificationMessage = z.infer<typeof NotificationMessageSchema>;

/** What an alert's value and threshold count. */
export type ValueUnit = 'currency' | 'percent' | 'days' | 'count';

/**
 * The unit of an alert kind's value: money for cost_threshold and forecast, a percent change for cost_change, days
 * behind for stale_data, a number of failed runs or unpriced usage groups for pipeline_failure and unpriced_usage.
 * Undefined for no kind or one this version does not know.
 */
export function unitOf(kind: string | undefined): ValueUnit | undefined {
  switch (kind) {
    case 'cost_threshold':
    case 'forecast':
      return 'currency';
    case 'cost_change':
      return 'percent';
    case 'stale_data':
      return 'days';
    case 'pipeline_failure':
    case 'unpriced_usage':
      return 'count';
    default:
      return undefined;
  }
}

/**
 * An alert.fired message with its `unit` (from its kind, when it has none yet), placed after `threshold`: what the
 * webhook body carries. Other messages, and alerts of no known kind, unchanged.
 */
export function withUnit(m: NotificationMessage): NotificationMessage {
  const unit = m.unit ?? (m.event === 'alert.fired' ? unitOf(m.kind) : undefined);
  if (unit === undefined || m.unit === unit) return m;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === 'currency') out.unit = unit;
    out[k] = v;
  }
  return out as NotificationMessage;
}

/** The test message `POST …/channels/{id}/test` sends. */
export const testMessage = (orgSlug: string, currency: string, at = new Date()): NotificationMessage => ({
  event: 'test',
  org_slug: orgSlug,
  currency,
  sent_at: at.toISOString(),
});

const money = (v: number, currency: string) =>
  `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;

const number = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** An alert's value or threshold in its unit: `1,234.5 USD`, `35.5%`, `3 days`, `2`. */
function amountText(v: number, unit: ValueUnit, currency: string): string {
  switch (unit) {
    case 'currency':
      return money(v, currency);
    case 'percent':
      return `${number(v)}%`;
    case 'days':
      return `${number(v)} ${v === 1 ? 'day' : 'days'}`;
    case 'count':
      return number(v);
  }
}

const periodOf = (start: string, end: string) => (start === end ? start : `${start} to ${end}`);

/** `+12.5 USD (+4.17%)`, `-3 USD (-10%)`, `+5 USD (new)` when the previous period had no cost. */
export function changeText(c: z.infer<typeof ChangeSchema>, currency: string): string {
  const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '-' : '±');
  const pct =
    c.percent === null
      ? 'new'
      : `${sign(c.percent)}${Math.abs(c.percent).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
  return `${sign(c.amount)}${money(Math.abs(c.amount), currency)} (${pct})`;
}

function summaryFacts(org: string, d: SummaryDigest, sentAt: string): [string, string][] {
  return [
    ['Organization', org],
    ['Period', periodOf(d.period_start, d.period_end)],
    ['Billed cost', money(d.total_billed_cost, d.currency)],
    ['Effective cost', money(d.total_effective_cost, d.currency)],
    ['Change vs previous', changeText(d.billed_change, d.currency)],
    [
      'Previous period',
      `${periodOf(d.previous_start, d.previous_end)}: ${money(d.previous_billed_cost, d.currency)}`,
    ],
    ['Sent at', sentAt],
  ];
}

/** A titled group of label/value lines of a summary (cost types, each movers list, unpriced usage, failed runs). */
export interface Section {
  title: string;
  lines: [string, string][];
  /** Shown when `lines` is empty. */
  empty: string;
}

const MAX_LISTED = 10;

/** The summary's detail sections, in a fixed order (every channel shows the same ones); none for other events. */
export function sectionsOf(m: NotificationMessage): Section[] {
  const d = m.summary;
  if (!d) return [];
  const movers = (title: string, list: Mover[]): Section => ({
    title,
    lines: list.map((x) => [
      x.name,
      `${changeText(x.change, d.currency)}, now ${money(x.current, d.currency)}`,
    ]),
    empty: 'No change.',
  });
  return [
    {
      title: 'By cost type (billed)',
      lines: Object.entries(d.by_cost_type).map(([type, t]) => [
        type,
        `${money(t.billed_cost, d.currency)} (previous ${money(t.previous_billed_cost, d.currency)})`,
      ]),
      empty: 'No cost.',
    },
    movers('Top movers by provider', d.top_movers.provider),
    movers('Top movers by service', d.top_movers.service),
    movers('Top movers by hierarchy entity', d.top_movers.hierarchy),
    {
      title: `Unpriced GenAI usage (${d.unpriced_usage.count})`,
      lines: d.unpriced_usage.items
        .slice(0, MAX_LISTED)
        .map((u) => [
          `${u.provider} ${u.model ?? ''} ${u.token_type}`.replace(/\s+/g, ' ').trim(),
          `${u.quantity.toLocaleString('en-US')} ${u.unit} (${u.reason})`,
        ]),
      empty: 'None: all GenAI usage is priced.',
    },
    {
      title: `Failed pipeline runs (${d.failed_runs.count})`,
      lines: d.failed_runs.items
        .slice(0, MAX_LISTED)
        .map((r) => [`${r.pipeline_id} ${r.run_id}`, r.error ?? 'failed']),
      empty: 'None.',
    },
  ];
}

/** A one-line title (email subject, Slack header, Teams title). */
export function titleOf(m: NotificationMessage): string {
  if (m.event === 'test') return `CloudAct test notification for ${m.org_slug}`;
  if (m.event === 'summary') {
    const d = m.summary;
    return d
      ? `CloudAct ${d.frequency} cost summary for ${m.org_slug}: ${periodOf(d.period_start, d.period_end)}`
      : `CloudAct cost summary for ${m.org_slug}`;
  }
  const sev = m.severity ? `[${m.severity}] ` : '';
  return `${sev}CloudAct alert: ${m.alert_name ?? m.kind ?? 'alert'} (${m.org_slug})`;
}

/**
 * The message's facts as label/value pairs, in a fixed order (every channel shows the same ones). An alert's value
 * and threshold are shown in the unit of its kind (money only for cost_threshold and forecast; unitOf).
 */
export function factsOf(m: NotificationMessage): [string, string][] {
  if (m.summary) return summaryFacts(m.org_slug, m.summary, m.sent_at);
  const unit = m.unit ?? unitOf(m.kind) ?? 'currency';
  const facts: [string, string | undefined][] = [
    ['Organization', m.org_slug],
    ['Alert', m.alert_name],
    ['Kind', m.kind],
    ['Severity', m.severity],
    ['Period', m.period_start && m.period_end ? `${m.period_start} to ${m.period_end}` : undefined],
    ['Value', m.value === undefined ? undefined : amountText(m.value, unit, m.currency)],
    ['Threshold', m.threshold === undefined ? undefined : amountText(m.threshold, unit, m.currency)],
    ['Sent at', m.sent_at],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== undefined);
}

/** The lead sentence. */
export function leadOf(m: NotificationMessage): string {
  if (m.event === 'test')
    return 'This is a test message from CloudAct: this channel receives your alerts and summaries.';
  if (m.event === 'summary') {
    const d = m.summary;
    if (!d) return 'Your CloudAct cost summary.';
    const label = { daily: 'day', weekly: 'week', monthly: 'month' }[d.frequency];
    return `Your costs for the ${label} ${periodOf(d.period_start, d.period_end)}: ${money(d.total_billed_cost, d.currency)} billed, ${changeText(d.billed_change, d.currency)} against the ${label} before.`;
  }
  return 'An alert fired on your CloudAct costs.';
}
