import { describe, expect, it } from 'vitest';
import { emailContent } from './email.js';
import { factsOf, titleOf, type NotificationMessage } from './message.js';
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
    expect(subject).toBe(titleOf(alert));
    expect(html).toContain('Cloud &lt;over&gt; budget &amp; more');
    expect(html).not.toContain('<over>');
    expect(text).toContain('Alert: Cloud <over> budget & more');
    expect(text).toContain('Value: 12,345.5 USD');
  });
});
