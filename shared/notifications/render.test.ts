import { describe, expect, it } from 'vitest';
import { emailContent } from './email.js';
import { mailContent } from './mail.js';
import {
  factsOf,
  leadOf,
  NotificationMessageSchema,
  titleOf,
  withUnit,
  type NotificationMessage,
  type SummaryDigest,
} from './message.js';
import { slackBody } from './slack.js';
import { teamsBody } from './teams.js';

const alert: NotificationMessage = {
  event: 'alert.fired',
  org_slug: 'acme',
  alert_id: '9b1c3c1e-3f55-4d7e-9d39-1f1f1f1f1f1f',
  alert_name: 'Cloud <over> budget & more',
  kind: 'cost_threshold',
  period_start: '2026-12-01',
  period_end: '2026-12-07',
  value: 12345.5,
  threshold: 10000,
  currency: 'USD',
  severity: 'critical',
  sent_at: '2026-12-07T08:00:00.000Z',
};

describe('rendering a notification', () => {
  const fired = (kind: string, value: number, threshold?: number): NotificationMessage => ({
    ...alert,
    kind,
    value,
    ...(threshold === undefined ? { threshold: undefined } : { threshold }),
  });
  const valueFacts = (m: NotificationMessage) =>
    factsOf(m).filter(([k]) => k === 'Value' || k === 'Threshold');

  it('shows value and threshold in the unit of the alert kind (money only for cost amounts)', () => {
    expect(valueFacts(fired('cost_threshold', 1234.5, 1000))).toEqual([
      ['Value', '1,234.5 USD'],
      ['Threshold', '1,000 USD'],
    ]);
    expect(valueFacts(fired('forecast', 3100.123, 3000))).toEqual([
      ['Value', '3,100.12 USD'],
      ['Threshold', '3,000 USD'],
    ]);
    expect(valueFacts(fired('cost_change', 35.5, 20))).toEqual([
      ['Value', '35.5%'],
      ['Threshold', '20%'],
    ]);
    expect(valueFacts(fired('stale_data', 4, 2))).toEqual([
      ['Value', '4 days'],
      ['Threshold', '2 days'],
    ]);
    expect(valueFacts(fired('stale_data', 1, 0))).toEqual([
      ['Value', '1 day'],
      ['Threshold', '0 days'],
    ]);
    expect(valueFacts(fired('pipeline_failure', 1))).toEqual([['Value', '1']]);
    expect(valueFacts(fired('unpriced_usage', 1200))).toEqual([['Value', '1,200']]);
    // Email, Slack and Teams show the same facts.
    const change = fired('cost_change', 35.5, 20);
    expect(emailContent(change).text).toContain('Value: 35.5%');
    expect(mailContent(change).html).toContain('<td>35.5%</td>');
    expect(JSON.stringify(slackBody(change))).toContain('*Value*\\n35.5%');
    expect(teamsBody(change).attachments[0]!.content.body[2]).toEqual({
      type: 'FactSet',
      facts: factsOf(change).map(([title, value]) => ({ title, value })),
    });
  });

  it("an alert.fired webhook body carries its value's unit after the threshold; other messages none", () => {
    const units = [
      'cost_threshold',
      'forecast',
      'cost_change',
      'stale_data',
      'pipeline_failure',
      'unpriced_usage',
    ].map((kind) => withUnit(fired(kind, 1)).unit);
    expect(units).toEqual(['currency', 'currency', 'percent', 'days', 'count', 'count']);
    const body = withUnit(alert);
    expect(Object.keys(body)).toEqual([
      'event',
      'org_slug',
      'alert_id',
      'alert_name',
      'kind',
      'period_start',
      'period_end',
      'value',
      'threshold',
      'unit',
      'currency',
      'severity',
      'sent_at',
    ]);
    expect(NotificationMessageSchema.parse(body)).toEqual(body);
    const test = { ...alert, event: 'test' as const };
    expect(withUnit(test)).toBe(test);
    expect(withUnit({ ...alert, kind: 'something_new' }).unit).toBeUndefined();
  });

  it('gives every channel the same title and facts, in order', () => {
    expect(titleOf(alert)).toBe('[critical] CloudAct alert: Cloud <over> budget & more (acme)');
    expect(factsOf(alert)).toEqual([
      ['Organization', 'acme'],
      ['Alert', 'Cloud <over> budget & more'],
      ['Kind', 'cost_threshold'],
      ['Severity', 'critical'],
      ['Period', '2026-12-01 to 2026-12-07'],
      ['Value', '12,345.5 USD'],
      ['Threshold', '10,000 USD'],
      ['Sent at', '2026-12-07T08:00:00.000Z'],
    ]);
    const slack = slackBody(alert);
    expect(slack.text).toBe(titleOf(alert));
    expect(slack.blocks[2]!.fields).toHaveLength(8);
    const card = teamsBody(alert).attachments[0]!.content;
    expect(card.body[2]).toEqual({
      type: 'FactSet',
      facts: factsOf(alert).map(([title, value]) => ({ title, value })),
    });
  });

  it('escapes HTML in email and keeps the text part plain', () => {
    const { subject, html, text } = emailContent(alert);
    expect(mailContent(alert).text).toBe(text);
    expect(subject).toBe(titleOf(alert));
    expect(html).toContain('Cloud &lt;over&gt; budget &amp; more');
    expect(html).not.toContain('<over>');
    expect(text).toContain('Alert: Cloud <over> budget & more');
    expect(text).toContain('Value: 12,345.5 USD');
  });
});

const digest: SummaryDigest = {
  frequency: 'weekly',
  currency: 'EUR',
  period_start: '2026-11-30',
  period_end: '2026-12-06',
  previous_start: '2026-11-23',
  previous_end: '2026-11-29',
  total_billed_cost: 1250.5,
  total_effective_cost: 1200,
  previous_billed_cost: 1000,
  previous_effective_cost: 1000,
  billed_change: { amount: 250.5, percent: 25.05 },
  effective_change: { amount: 200, percent: 20 },
  by_cost_type: {
    cloud: { billed_cost: 1000.5, effective_cost: 950, previous_billed_cost: 800 },
    genai: { billed_cost: 250, effective_cost: 250, previous_billed_cost: 200 },
    subscription: { billed_cost: 0, effective_cost: 0, previous_billed_cost: 0 },
  },
  top_movers: {
    provider: [
      { key: 'aws', name: 'aws', current: 1000.5, previous: 800, change: { amount: 200.5, percent: 25.06 } },
      { key: 'openai', name: 'openai', current: 250, previous: 0, change: { amount: 250, percent: null } },
    ],
    service: [],
    hierarchy: [
      {
        key: 'TEAM-1',
        name: 'R&D <script>',
        current: 100,
        previous: 130,
        change: { amount: -30, percent: -23.08 },
      },
    ],
  },
  unpriced_usage: {
    count: 1,
    items: [
      {
        provider: 'openai',
        model: 'gpt-x',
        token_type: 'input',
        quantity: 1500,
        unit: 'tokens',
        reason: 'no price',
      },
    ],
  },
  failed_runs: { count: 0, items: [] },
};
const summary: NotificationMessage = {
  event: 'summary',
  org_slug: 'acme',
  period_start: '2026-11-30',
  period_end: '2026-12-06',
  value: 1250.5,
  currency: 'EUR',
  sent_at: '2026-12-07T07:00:00.000Z',
  summary: digest,
};

describe('rendering a summary', () => {
  it('keeps the digest in the message (the webhook body) through the schema', () => {
    expect(NotificationMessageSchema.parse(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
    expect(titleOf(summary)).toBe('CloudAct weekly cost summary for acme: 2026-11-30 to 2026-12-06');
    expect(leadOf(summary)).toBe(
      'Your costs for the week 2026-11-30 to 2026-12-06: 1,250.5 EUR billed, +250.5 EUR (+25.05%) against the week before.',
    );
    expect(factsOf(summary)).toEqual([
      ['Organization', 'acme'],
      ['Period', '2026-11-30 to 2026-12-06'],
      ['Billed cost', '1,250.5 EUR'],
      ['Effective cost', '1,200 EUR'],
      ['Change vs previous', '+250.5 EUR (+25.05%)'],
      ['Previous period', '2026-11-23 to 2026-11-29: 1,000 EUR'],
      ['Sent at', '2026-12-07T07:00:00.000Z'],
    ]);
  });

  it('email: HTML with every value escaped and a plain text part with the same figures', () => {
    const { subject, html, text } = mailContent(summary);
    expect(subject).toBe(titleOf(summary));
    expect(html).toContain('<h3>Top movers by hierarchy entity</h3>');
    expect(html).toContain(
      '<th align="left">R&amp;D &lt;script&gt;</th><td>-30 EUR (-23.08%), now 100 EUR</td>',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('<th align="left">openai</th><td>+250 EUR (new), now 250 EUR</td>');
    expect(html).toContain('<h3>Top movers by service</h3><p>No change.</p>');
    expect(html).toContain('<h3>Failed pipeline runs (0)</h3><p>None.</p>');
    expect(text).toContain('Billed cost: 1,250.5 EUR');
    expect(text).toContain('Top movers by hierarchy entity\n  R&D <script>: -30 EUR (-23.08%), now 100 EUR');
    expect(text).toContain('Unpriced GenAI usage (1)\n  openai gpt-x input: 1,500 tokens (no price)');
    expect(text).not.toContain('<th');
    // Other events render as before.
    expect(mailContent(alert)).toEqual(emailContent(alert));
  });

  it('Slack: header, totals as fields, one section per group with its movers as fields (mrkdwn escaped)', () => {
    const body = slackBody(summary);
    expect(body.text).toBe(titleOf(summary));
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: titleOf(summary), emoji: false },
    });
    expect(body.blocks[2]!.fields!.map((f) => f.text)).toContain('*Billed cost*\n1,250.5 EUR');
    const sections = body.blocks.filter((b) => b.type === 'section').slice(2);
    expect(sections.map((s) => s.text!.text.split('\n')[0])).toEqual([
      '*By cost type (billed)*',
      '*Top movers by provider*',
      '*Top movers by service*',
      '*Top movers by hierarchy entity*',
      '*Unpriced GenAI usage (1)*',
      '*Failed pipeline runs (0)*',
    ]);
    expect(sections[1]!.fields!.map((f) => f.text)).toEqual([
      '*aws*\n+200.5 EUR (+25.06%), now 1,000.5 EUR',
      '*openai*\n+250 EUR (new), now 250 EUR',
    ]);
    expect(sections[2]!.text!.text).toBe('*Top movers by service*\nNo change.');
    expect(sections[3]!.fields![0]!.text).toBe('*R&amp;D &lt;script&gt;*\n-30 EUR (-23.08%), now 100 EUR');
    for (const s of body.blocks)
      expect((s as { fields?: unknown[] }).fields?.length ?? 0).toBeLessThanOrEqual(10);
  });

  it('Teams: an Adaptive Card with the totals and one FactSet per group', () => {
    const card = teamsBody(summary).attachments[0]!.content;
    const body = card.body as { type: string; weight?: string; text?: string }[];
    expect(card.body[2]).toEqual({
      type: 'FactSet',
      facts: factsOf(summary).map(([title, value]) => ({ title, value })),
    });
    const titles = body.filter((b) => b.weight === 'Bolder').map((b) => b.text);
    expect(titles).toEqual([
      titleOf(summary),
      'By cost type (billed)',
      'Top movers by provider',
      'Top movers by service',
      'Top movers by hierarchy entity',
      'Unpriced GenAI usage (1)',
      'Failed pipeline runs (0)',
    ]);
    const movers = body[body.findIndex((b) => b.text === 'Top movers by provider') + 1];
    expect(movers).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'aws', value: '+200.5 EUR (+25.06%), now 1,000.5 EUR' },
        { title: 'openai', value: '+250 EUR (new), now 250 EUR' },
      ],
    });
    const service = body[body.findIndex((b) => b.text === 'Top movers by service') + 1];
    expect(service).toMatchObject({ type: 'TextBlock', text: 'No change.' });
  });
});
