import { describe, expect, it } from 'vitest';
import {
  AlertFormSchema,
  alertAmount,
  alertBodyOf,
  anyRetrying,
  channelBodyOf,
  ChannelFormSchema,
  channelNames,
  EMPTY_ALERT_FORM,
  formatTimestamp,
  formatValue,
  kindFields,
  presetAmount,
  presetBodyOf,
  presetFormSchema,
  scopeText,
  SummaryFormSchema,
  type AlertFormValues,
  type Preset,
} from './model.js';

const CH = '6f1c2b1e-8c1e-4a5e-9a62-0a8f3c2d9b11';
const form = (over: Partial<AlertFormValues>): AlertFormValues => ({ ...EMPTY_ALERT_FORM, ...over });
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('kindFields follows the contract', () => {
  it('each kind names its period, amount and scope', () => {
    expect(kindFields('cost_threshold')).toEqual({ period: 'choose', amount: 'threshold', costScope: true });
    expect(kindFields('cost_change')).toEqual({ period: 'choose', amount: 'percent', costScope: true });
    expect(kindFields('forecast')).toEqual({ period: 'month', amount: 'threshold', costScope: true });
    expect(kindFields('stale_data')).toEqual({ period: null, amount: 'days', costScope: false });
    expect(kindFields('pipeline_failure')).toEqual({ period: null, amount: null, costScope: false });
    expect(kindFields('unpriced_usage')).toEqual({ period: null, amount: null, costScope: false });
  });
});

describe('the custom alert form', () => {
  it('sends only the fields the kind takes, blanks left out', () => {
    const values = form({
      name: 'Budget',
      kind: 'cost_threshold',
      period: 'week',
      threshold: '5000.5',
      percent: '20',
      days: '3',
      scope: { ...EMPTY_ALERT_FORM.scope, cost_type: 'cloud', metric: 'effective' },
      channel_ids: [CH],
    });
    expect(alertBodyOf(values)).toEqual({
      name: 'Budget',
      kind: 'cost_threshold',
      period: 'week',
      threshold: 5000.5,
      scope: { cost_type: 'cloud', metric: 'effective' },
      severity: 'warning',
      channel_ids: [CH],
    });
    const r = AlertFormSchema.safeParse(values);
    expect(r.success).toBe(true);
  });

  it('a stale-data alert keeps only days and a provider scope', () => {
    const body = alertBodyOf(
      form({
        name: 'Stale',
        kind: 'stale_data',
        period: 'month',
        threshold: '10',
        days: '2',
        scope: { ...EMPTY_ALERT_FORM.scope, provider: ' aws ', cost_type: 'cloud' },
      }),
    );
    expect(body).toEqual({
      name: 'Stale',
      kind: 'stale_data',
      days: 2,
      scope: { provider: 'aws' },
      severity: 'warning',
      channel_ids: [],
    });
  });

  it('a forecast is always for the month', () => {
    expect(alertBodyOf(form({ name: 'F', kind: 'forecast', period: 'day', threshold: '1' })).period).toBe(
      'month',
    );
  });

  it("puts the contract's issues on the fields: missing name, missing or bad amount", () => {
    expect(fieldsOf(AlertFormSchema.safeParse(form({ threshold: '' })))).toEqual(
      expect.arrayContaining(['name', 'threshold']),
    );
    expect(fieldsOf(AlertFormSchema.safeParse(form({ name: 'x', threshold: '-5' })))).toEqual(['threshold']);
    expect(fieldsOf(AlertFormSchema.safeParse(form({ name: 'x', threshold: 'abc' })))).toEqual(['threshold']);
    expect(fieldsOf(AlertFormSchema.safeParse(form({ name: 'x', kind: 'stale_data', days: '1.5' })))).toEqual(
      ['days'],
    );
    expect(
      fieldsOf(AlertFormSchema.safeParse(form({ name: 'x', kind: 'cost_change', period: '', percent: '5' }))),
    ).toEqual(['period']);
  });
});

const budget: Preset = {
  preset: 'monthly-budget',
  name: 'Monthly budget',
  description: 'Cost of the month over an amount',
  alert: { kind: 'cost_threshold', period: 'month', severity: 'critical' },
};
const spike: Preset = {
  preset: 'daily-spike',
  name: 'Daily spike',
  description: 'A day 50% over the one before',
  alert: { kind: 'cost_change', period: 'day', percent: 50, severity: 'warning' },
};

describe('the preset form', () => {
  it("starts the amount box with the preset's own number", () => {
    expect(presetAmount(spike)).toBe('50');
    expect(presetAmount(budget)).toBe('');
    expect(presetAmount(undefined)).toBe('');
  });

  it('sends the preset id, the channels and only what was changed', () => {
    expect(presetBodyOf(spike, { preset: 'daily-spike', name: '', amount: '50', channel_ids: [CH] })).toEqual(
      {
        preset: 'daily-spike',
        channel_ids: [CH],
      },
    );
    expect(
      presetBodyOf(spike, { preset: 'daily-spike', name: ' Spikes ', amount: '25', channel_ids: [] }),
    ).toEqual({ preset: 'daily-spike', name: 'Spikes', percent: 25, channel_ids: [] });
  });

  it('a preset without a threshold asks for one on the amount field', () => {
    const schema = presetFormSchema([budget, spike]);
    const missing = schema.safeParse({ preset: 'monthly-budget', name: '', amount: '', channel_ids: [CH] });
    expect(fieldsOf(missing)).toEqual(['amount']);
    const ok = schema.safeParse({ preset: 'monthly-budget', name: '', amount: '0.01', channel_ids: [CH] });
    expect(ok.success && ok.data).toEqual({ preset: 'monthly-budget', threshold: 0.01, channel_ids: [CH] });
    expect(fieldsOf(schema.safeParse({ preset: 'nope', name: '', amount: '', channel_ids: [] }))).toEqual([
      'preset',
    ]);
    expect(
      fieldsOf(schema.safeParse({ preset: 'daily-spike', name: '', amount: '50', channel_ids: ['x'] })),
    ).toContain('channel_ids');
  });
});

describe('the channel form', () => {
  it('builds each type’s config', () => {
    expect(channelBodyOf({ name: 'Team', type: 'email', target: 'a@b.co, c@d.co;\ne@f.co' })).toEqual({
      name: 'Team',
      type: 'email',
      config: { to: ['a@b.co', 'c@d.co', 'e@f.co'] },
    });
    expect(channelBodyOf({ name: 'S', type: 'slack', target: ' https://hooks.slack.com/x ' }).config).toEqual(
      {
        webhook_url: 'https://hooks.slack.com/x',
      },
    );
    expect(channelBodyOf({ name: 'W', type: 'webhook', target: 'https://example.com/h' }).config).toEqual({
      url: 'https://example.com/h',
    });
  });

  it('config issues land on the target field', () => {
    expect(fieldsOf(ChannelFormSchema.safeParse({ name: 'W', type: 'webhook', target: 'ftp://x' }))).toEqual([
      'target',
    ]);
    expect(
      fieldsOf(ChannelFormSchema.safeParse({ name: 'E', type: 'email', target: 'not-an-email' })),
    ).toEqual(['target']);
    expect(fieldsOf(ChannelFormSchema.safeParse({ name: '', type: 'email', target: 'a@b.co' }))).toEqual([
      'name',
    ]);
    expect(
      ChannelFormSchema.safeParse({ name: 'W', type: 'webhook', target: 'http://127.0.0.1:9/h' }).success,
    ).toBe(true);
  });
});

describe('the summary form', () => {
  it('needs a channel', () => {
    expect(fieldsOf(SummaryFormSchema.safeParse({ frequency: 'weekly', channel_ids: [] }))).toEqual([
      'channel_ids',
    ]);
    expect(SummaryFormSchema.safeParse({ frequency: 'daily', channel_ids: [CH] }).success).toBe(true);
  });
});

describe('reading alerts and deliveries', () => {
  const a = { kind: 'cost_threshold' as const, threshold: 5000, percent: null, days: null };
  it('amounts by kind', () => {
    expect(alertAmount(a, 'USD')).toBe('$5,000.00');
    expect(alertAmount({ ...a, kind: 'cost_change', threshold: null, percent: 12.5 }, 'USD')).toBe('12.5%');
    expect(alertAmount({ ...a, kind: 'stale_data', threshold: null, days: 1 }, 'USD')).toBe('1 day');
    expect(alertAmount({ ...a, kind: 'pipeline_failure', threshold: null }, 'USD')).toBe('—');
    expect(alertAmount({ ...a, threshold: 1234.5 }, 'EUR')).toBe('€1,234.50');
    expect(formatValue('forecast', 10.129, 'USD')).toBe('$10.13');
    expect(formatValue('unpriced_usage', 3, 'USD')).toBe('3');
    expect(formatValue('cost_threshold', null, 'USD')).toBe('—');
  });

  it('scope in words', () => {
    expect(scopeText(undefined)).toBe('All costs');
    expect(scopeText({})).toBe('All costs');
    expect(scopeText({ provider: 'aws', cost_type: 'cloud', metric: 'effective' })).toBe(
      'provider aws · Cloud · effective cost',
    );
    const names = (id: string) => (id === 'ent-1' ? 'Data & AI' : undefined);
    expect(scopeText({ hierarchy_entity_id: 'ent-1', service_category: 'Compute' }, names)).toBe(
      'category Compute · Data & AI',
    );
    expect(scopeText({ hierarchy_entity_id: 'gone' }, names)).toBe('entity gone');
  });

  it('channel names, deleted ones named so', () => {
    expect(
      channelNames(
        ['b', 'x', 'a'],
        [
          { channel_id: 'a', name: 'A' },
          { channel_id: 'b', name: 'B' },
        ],
      ),
    ).toEqual(['B', 'deleted channel', 'A']);
  });

  it('timestamps in the org time zone', () => {
    expect(formatTimestamp('2026-12-07T09:30:00Z')).toBe('Dec 7, 2026, 9:30 AM UTC');
    expect(formatTimestamp('2026-12-07T09:30:00Z', 'Europe/Berlin')).toBe('Dec 7, 2026, 10:30 AM GMT+1');
  });

  it('retrying deliveries anywhere in the loaded pages', () => {
    expect(anyRetrying(undefined)).toBe(false);
    expect(anyRetrying([{ items: [{ status: 'delivered' }] }, { items: [{ status: 'failed' }] }])).toBe(
      false,
    );
    expect(anyRetrying([{ items: [{ status: 'delivered' }] }, { items: [{ status: 'retrying' }] }])).toBe(
      true,
    );
  });
});
