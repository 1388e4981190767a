import { z } from 'zod';

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
  currency: z.string(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  sent_at: z.string(),
});
export type NotificationMessage = z.infer<typeof NotificationMessageSchema>;

/** The test message `POST …/channels/{id}/test` sends. */
export const testMessage = (orgSlug: string, currency: string, at = new Date()): NotificationMessage => ({
  event: 'test',
  org_slug: orgSlug,
  currency,
  sent_at: at.toISOString(),
});

const money = (v: number, currency: string) =>
  `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;

/** A one-line title (email subject, Slack header, Teams title). */
export function titleOf(m: NotificationMessage): string {
  if (m.event === 'test') return `CloudAct test notification for ${m.org_slug}`;
  if (m.event === 'summary') return `CloudAct cost summary for ${m.org_slug}`;
  const sev = m.severity ? `[${m.severity}] ` : '';
  return `${sev}CloudAct alert: ${m.alert_name ?? m.kind ?? 'alert'} (${m.org_slug})`;
}

/** The message's facts as label/value pairs, in a fixed order (every channel shows the same ones). */
export function factsOf(m: NotificationMessage): [string, string][] {
  const facts: [string, string | undefined][] = [
    ['Organization', m.org_slug],
    ['Alert', m.alert_name],
    ['Kind', m.kind],
    ['Severity', m.severity],
    ['Period', m.period_start && m.period_end ? `${m.period_start} to ${m.period_end}` : undefined],
    ['Value', m.value === undefined ? undefined : money(m.value, m.currency)],
    ['Threshold', m.threshold === undefined ? undefined : money(m.threshold, m.currency)],
    ['Sent at', m.sent_at],
  ];
  return facts.filter((f): f is [string, string] => f[1] !== undefined);
}

/** The lead sentence. */
export function leadOf(m: NotificationMessage): string {
  if (m.event === 'test')
    return 'This is a test message from CloudAct: this channel receives your alerts and summaries.';
  if (m.event === 'summary') return 'Your CloudAct cost summary.';
  return 'An alert fired on your CloudAct costs.';
}
