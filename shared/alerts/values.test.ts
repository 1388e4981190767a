import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { STRING_COLUMNS } from '../costs/slice.js';
import { summaryView, filterFrame, type CostFilters } from '../costs/views.js';
import {
  CostFrame,
  costMeasure as measureOrNone,
  costMeasures,
  costRanges,
  pipelineFailureMeasures,
  sliceRange,
  staleMeasures,
  unpricedMeasure,
  type AlertDef,
  type FailedRun,
} from './values.js';

/** A cost alert's measure where it has one (every case but a forecast on the 1st). */
const costMeasure = (...args: Parameters<typeof measureOrNone>) => measureOrNone(...args)!;

// Alert values on a small hand-made slice (the frame readCostSlice builds): each figure is worked out by hand.
type Row = Partial<Record<(typeof STRING_COLUMNS)[number], string | null>> & {
  billed: string;
  effective: string;
};

const NANO = 1_000_000_000n;
const nanos = (amount: string) => {
  const [int, frac = ''] = amount.split('.');
  return Number(BigInt(int!) * NANO + BigInt(frac.padEnd(9, '0')));
};

function frame(rows: Row[]): pl.DataFrame {
  const column = (c: (typeof STRING_COLUMNS)[number]) => rows.map((r) => r[c] ?? null);
  return pl.DataFrame({
    ...Object.fromEntries(STRING_COLUMNS.map((c) => [c, pl.Series(c, column(c), pl.Utf8)])),
    billed_nanos: pl.Series(
      'billed_nanos',
      rows.map((r) => nanos(r.billed)),
      pl.Int64,
    ),
    effective_nanos: pl.Series(
      'effective_nanos',
      rows.map((r) => nanos(r.effective)),
      pl.Int64,
    ),
    records: pl.Series(
      'records',
      rows.map(() => 1),
      pl.Int64,
    ),
  });
}

const aws = { provider: 'aws', cost_type: 'cloud', service_category: 'Compute', currency: 'USD' };
const openai = {
  provider: 'openai',
  cost_type: 'genai',
  service_category: 'AI and Machine Learning',
  currency: 'USD',
};
const team = { entity_id: 'TEAM-001', path: '/DEPT-001/PROJ-001/TEAM-001' };
const dept2 = { entity_id: 'DEPT-002', path: '/DEPT-002' };
// As of Wednesday 2026-03-11: the week is Mar 9..11, the previous one Mar 2..4; the month Mar 1..11, Feb 1..11.
const slice = frame([
  { day: '2026-02-01', ...aws, ...team, billed: '100.000000001', effective: '90' },
  { day: '2026-02-11', ...aws, ...dept2, billed: '0.1', effective: '0.1' },
  { day: '2026-02-12', ...aws, ...team, billed: '1000', effective: '1000' }, // after Feb 11: not like for like
  { day: '2026-03-01', ...aws, ...team, billed: '50.5', effective: '40' },
  { day: '2026-03-03', ...openai, billed: '7.25', effective: '7.25' },
  { day: '2026-03-09', ...aws, ...dept2, billed: '20', effective: '19.999999999' },
  { day: '2026-03-10', ...openai, ...team, billed: '0.2', effective: '0.2' },
  { day: '2026-03-11', ...aws, ...team, billed: '30.05', effective: '30' },
  { day: '2026-03-11', ...aws, ...team, currency: 'EUR', billed: '999', effective: '999' },
]);
const costs = new CostFrame(slice, 'USD');
const AS_OF = '2026-03-11';

const alert = (a: Partial<AlertDef>): AlertDef => ({
  alert_id: '00000000-0000-4000-8000-000000000001',
  name: 'a',
  kind: 'cost_threshold',
  period: 'month',
  threshold: null,
  percent: null,
  days: null,
  scope: {},
  channel_ids: [],
  severity: 'warning',
  ...a,
});

/** What the costs summary answers for the range and filters (the contract the alert values must equal). */
function summary(filters: CostFilters, start: string, end: string) {
  const inRange = slice.filter(
    pl
      .col('day')
      .gtEq(pl.lit(start))
      .and(pl.col('day').ltEq(pl.lit(end))),
  );
  return summaryView(filterFrame(inRange, filters, 'USD'));
}

describe('cost values from the slice', () => {
  it('equal the costs summary for every scope, metric and period (org currency only)', () => {
    const scopes = [
      {},
      { provider: 'aws' },
      { cost_type: 'genai' as const },
      { service_category: 'Compute' },
      { hierarchy_entity_id: 'DEPT-001' }, // its descendant TEAM-001
      { hierarchy_entity_id: 'PROJ-001', provider: 'openai' },
      { hierarchy_entity_id: 'nope' },
    ];
    for (const scope of scopes) {
      for (const [start, end] of [
        ['2026-03-01', AS_OF],
        ['2026-03-09', AS_OF],
        [AS_OF, AS_OF],
        ['2026-02-01', '2026-02-11'],
      ] as const) {
        const want = summary(scope, start, end);
        expect(costs.cost(scope, { start, end }).toNumber(), JSON.stringify([scope, start])).toBe(
          want.total_billed_cost,
        );
        expect(costs.cost({ ...scope, metric: 'effective' }, { start, end }).toNumber()).toBe(
          want.total_effective_cost,
        );
      }
    }
    expect(costs.cost({}, { start: '2026-03-01', end: AS_OF }).toString()).toBe('108');
    expect(
      costs.cost({ hierarchy_entity_id: 'DEPT-001' }, { start: '2026-03-01', end: AS_OF }).toString(),
    ).toBe('80.75');
  });

  it('many requests in one pass answer what each answers alone', () => {
    const requests = [
      { scope: {}, range: { start: '2026-02-01', end: AS_OF } },
      {
        scope: { provider: 'aws', metric: 'effective' as const },
        range: { start: '2026-03-01', end: AS_OF },
      },
      { scope: { hierarchy_entity_id: 'PROJ-001' }, range: { start: '2026-03-09', end: AS_OF } },
      { scope: { cost_type: 'genai' as const }, range: { start: '2026-02-12', end: '2026-02-12' } },
    ];
    expect(costs.costs(requests).map((c) => c.toFixed())).toEqual(
      requests.map((r) => costs.cost(r.scope, r.range).toFixed()),
    );
    expect(costs.costs(requests).map((c) => c.toFixed())).toEqual([
      '1208.100000001',
      '89.999999999',
      '30.25',
      '0',
    ]);
    expect(new CostFrame(slice.head(0), 'USD').costs(requests).map((c) => c.toNumber())).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('cost_threshold: the period to date; fires above the threshold only', () => {
    const month = costMeasure(alert({ threshold: '108' }), costs, AS_OF);
    expect(month).toMatchObject({
      periodKey: 'month:2026-03-01',
      start: '2026-03-01',
      end: AS_OF,
      fires: false,
    });
    expect(month.value.toString()).toBe('108');
    expect(costMeasure(alert({ threshold: '107.99' }), costs, AS_OF).fires).toBe(true);
    const week = costMeasure(
      alert({ period: 'week', threshold: '50.05', scope: { provider: 'aws' } }),
      costs,
      AS_OF,
    );
    expect(week).toMatchObject({ periodKey: 'week:2026-03-09', start: '2026-03-09', fires: false });
    expect(week.value.toString()).toBe('50.05');
    expect(
      costMeasure(alert({ period: 'week', threshold: '50.04', scope: { provider: 'aws' } }), costs, AS_OF)
        .fires,
    ).toBe(true);
    const day = costMeasure(
      alert({ period: 'day', threshold: '30', scope: { metric: 'effective' } }),
      costs,
      AS_OF,
    );
    expect(day).toMatchObject({ periodKey: `day:${AS_OF}`, start: AS_OF, fires: false });
    expect(day.value.toString()).toBe('30');
  });

  it('a day and the week or month starting on it are different periods (a period change is not swallowed)', () => {
    // 2026-03-09 is a Monday: the day, the week to date and (on the 1st) the month all start on their as-of day.
    const keys = (['day', 'week'] as const).map(
      (period) => costMeasure(alert({ period, threshold: '1' }), costs, '2026-03-09').periodKey,
    );
    expect(keys).toEqual(['day:2026-03-09', 'week:2026-03-09']);
    const first = (['day', 'month'] as const).map(
      (period) => costMeasure(alert({ period, threshold: '1' }), costs, '2026-03-01').periodKey,
    );
    expect(first).toEqual(['day:2026-03-01', 'month:2026-03-01']);
  });

  it('cost_change: like for like percent, 2 decimals; no fire from a zero previous period', () => {
    // Mar 1..11 = 108 vs Feb 1..11 = 100.100000001 (Feb 12 left out): +7.89%.
    const month = costMeasure(alert({ kind: 'cost_change', percent: '7.8' }), costs, AS_OF);
    expect(month.value.toString()).toBe('7.89');
    expect(month.threshold!.toString()).toBe('7.8');
    expect(month.fires).toBe(true);
    expect(month.details).toMatchObject({
      current: '108',
      previous: '100.100000001',
      previous_end: '2026-02-11',
    });
    // Fired on the unrounded change (+7.8921…%): above 7.89 although reported as 7.89; not above 7.8922.
    const edge = costMeasure(alert({ kind: 'cost_change', percent: '7.89' }), costs, AS_OF);
    expect(edge.value.toString()).toBe('7.89');
    expect(edge.fires).toBe(true);
    expect(costMeasure(alert({ kind: 'cost_change', percent: '7.8922' }), costs, AS_OF).fires).toBe(false);
    // Week Mar 9..11 = 50.25 vs Mar 2..4 = 7.25: +593.1%.
    const week = costMeasure(alert({ kind: 'cost_change', period: 'week', percent: '500' }), costs, AS_OF);
    expect(week.value.toString()).toBe('593.1');
    expect(week.fires).toBe(true);
    // Day: Mar 11 = 30.05 vs Mar 10 = 0.2 (openai only there) ; aws only: Mar 10 = 0, no change.
    const day = costMeasure(
      alert({ kind: 'cost_change', period: 'day', percent: '1', scope: { provider: 'aws' } }),
      costs,
      AS_OF,
    );
    expect(day.fires).toBe(false);
    expect(day.details.no_change).toBeDefined();
    const fall = costMeasure(
      alert({ kind: 'cost_change', period: 'week', percent: '1', scope: { provider: 'openai' } }),
      costs,
      AS_OF,
    );
    expect(fall.value.toString()).toBe('-97.24'); // 0.2 vs 7.25
    expect(fall.fires).toBe(false);
  });

  it('forecast: the month through yesterday / 10 complete days x 31, exact', () => {
    const f = costMeasure(alert({ kind: 'forecast', period: null, threshold: '304' }), costs, AS_OF);
    // Mar 1..10 = 77.95 (Mar 11's 30.05 is not a complete day): 77.95 / 10 * 31 = 241.645.
    expect(costMeasure(alert({ period: 'month', threshold: '1' }), costs, '2026-03-10').value.toFixed()).toBe(
      '77.95',
    );
    expect(f.value.toString()).toBe('241.645');
    expect(f).toMatchObject({ periodKey: 'month:2026-03-01', start: '2026-03-01', end: '2026-03-10' });
    expect(f.fires).toBe(false);
    expect(f.details).toMatchObject({ month_to_yesterday: '77.95', complete_days: 10, days_in_month: 31 });
    expect(
      costMeasure(alert({ kind: 'forecast', period: null, threshold: '241.64' }), costs, AS_OF).fires,
    ).toBe(true);
    expect(
      costMeasure(alert({ kind: 'forecast', period: null, threshold: '241.645' }), costs, AS_OF).fires,
    ).toBe(false);
    expect(costRanges(alert({ kind: 'forecast', period: null, threshold: '1' }), AS_OF)).toEqual([
      { start: '2026-03-01', end: '2026-03-10' },
    ]);
  });

  it('forecast on the 1st: no complete day, no measure (nothing fires), the other alerts measured in place', () => {
    const forecast = alert({ kind: 'forecast', period: null, threshold: '0' });
    expect(measureOrNone(forecast, costs, '2026-03-01')).toBeUndefined();
    expect(costRanges(forecast, '2026-03-01')).toEqual([]);
    expect(sliceRange([forecast], '2026-03-01')).toBeUndefined();
    const day = alert({ period: 'day', threshold: '1' });
    const ms = costMeasures([day, forecast, day], costs, '2026-03-01');
    expect(ms).toHaveLength(3);
    expect(1 in ms).toBe(false);
    const seen: number[] = [];
    ms.forEach((m, i) => {
      expect(m.periodKey).toBe('day:2026-03-01');
      seen.push(i);
    });
    expect(seen).toEqual([0, 2]);
  });

  it('one slice range covers every cost alert of the org', () => {
    const alerts = [
      alert({ period: 'day', threshold: '1' }),
      alert({ kind: 'cost_change', period: 'month', percent: '1' }),
      alert({ kind: 'forecast', period: null, threshold: '1' }),
    ];
    expect(costRanges(alerts[1]!, AS_OF)).toEqual([
      { start: '2026-03-01', end: AS_OF },
      { start: '2026-02-01', end: '2026-02-11' },
    ]);
    expect(sliceRange(alerts, AS_OF)).toEqual({ start: '2026-02-01', end: AS_OF });
    expect(sliceRange([], AS_OF)).toBeUndefined();
  });
});

describe('other kinds', () => {
  const runs: FailedRun[] = [
    {
      run_id: 'r1',
      pipeline_id: 'aws/cost/billing',
      start_date: '2026-03-09',
      end_date: '2026-03-10',
      error: 'x',
      finished_at: '2026-03-10T06:00:00.000Z',
    },
    {
      run_id: 'r2',
      pipeline_id: 'openai/genai/usage',
      start_date: '2026-03-10',
      end_date: '2026-03-10',
      error: 'y',
      finished_at: null,
    },
  ];

  it('pipeline_failure: one firing per failure of a run, keyed by run and when it failed, narrowed by provider', () => {
    const all = pipelineFailureMeasures(alert({ kind: 'pipeline_failure' }), runs);
    expect(all.map((m) => [m.periodKey, m.start, m.end, m.value.toNumber(), m.fires])).toEqual([
      ['r1:2026-03-10T06:00:00.000Z', '2026-03-09', '2026-03-10', 1, true],
      ['r2:unfinished', '2026-03-10', '2026-03-10', 1, true],
    ]);
    const openai = pipelineFailureMeasures(
      alert({ kind: 'pipeline_failure', scope: { provider: 'openai' } }),
      runs,
    );
    expect(openai.map((m) => m.periodKey)).toEqual(['r2:unfinished']);
    // r1 retried and failed again later: another failure, another key.
    const retried = pipelineFailureMeasures(alert({ kind: 'pipeline_failure' }), [
      { ...runs[0]!, finished_at: '2026-03-10T09:30:00.000Z' },
    ]);
    expect(retried.map((m) => m.periodKey)).toEqual(['r1:2026-03-10T09:30:00.000Z']);
  });

  it('unpriced_usage: the groups of the 7-day window, keyed on the set of groups (not the day)', () => {
    const group = (provider: string, model: string, token_type = 'input') => ({
      provider,
      model,
      usage_kind: 'tokens',
      token_type,
      pricing_unit: '1M tokens',
      unpriced_reason: 'no price',
    });
    const groups = [group('openai', 'gpt-x'), group('openai', 'gpt-x', 'output'), group('anthropic', 'c-9')];
    const m = unpricedMeasure(alert({ kind: 'unpriced_usage' }), groups, AS_OF);
    expect(m).toMatchObject({ start: '2026-03-05', end: AS_OF, fires: true });
    expect(m.periodKey).toMatch(/^unpriced:[0-9a-f]{64}$/);
    expect(m.value.toNumber()).toBe(3);
    expect(m.details.groups).toHaveLength(3);
    // The same usage seen again the next days (still in the window), in any order: the same key, no second firing.
    const later = unpricedMeasure(alert({ kind: 'unpriced_usage' }), [...groups].reverse(), '2026-03-14');
    expect(later.periodKey).toBe(m.periodKey);
    // A new group appears: a new key, fires once for it.
    const more = unpricedMeasure(
      alert({ kind: 'unpriced_usage' }),
      [...groups, group('openai', 'gpt-y')],
      '2026-03-12',
    );
    expect(more.periodKey).not.toBe(m.periodKey);
    expect(more.value.toNumber()).toBe(4);
    // Every field of the identity counts (another reason is another group).
    const reason = unpricedMeasure(
      alert({ kind: 'unpriced_usage' }),
      [...groups.slice(0, 2), { ...groups[2]!, unpriced_reason: 'unknown model' }],
      AS_OF,
    );
    expect(reason.periodKey).not.toBe(m.periodKey);
    const openaiOnly = unpricedMeasure(
      alert({ kind: 'unpriced_usage', scope: { provider: 'openai' } }),
      groups,
      AS_OF,
    );
    expect(openaiOnly.value.toNumber()).toBe(2);
    // A provider-scoped alert keys on its own groups: anthropic's new usage does not make it fire again.
    expect(
      unpricedMeasure(
        alert({ kind: 'unpriced_usage', scope: { provider: 'openai' } }),
        [...groups, group('anthropic', 'c-10')],
        AS_OF,
      ).periodKey,
    ).toBe(openaiOnly.periodKey);
    const none = unpricedMeasure(
      alert({ kind: 'unpriced_usage', scope: { provider: 'gemini' } }),
      groups,
      AS_OF,
    );
    expect(none.fires).toBe(false);
  });

  it('stale_data: days behind per provider, fires when more than `days`', () => {
    const fresh = [
      { provider: 'aws', data_through: '2026-03-10' },
      { provider: 'gcp', data_through: '2026-03-07' },
    ];
    const ms = staleMeasures(alert({ kind: 'stale_data', days: 3 }), fresh, AS_OF);
    expect(
      ms.map((m) => [m.periodKey, m.start, m.end, m.value.toNumber(), m.threshold!.toNumber(), m.fires]),
    ).toEqual([
      ['aws:2026-03-11', '2026-03-10', AS_OF, 1, 3, false],
      ['gcp:2026-03-11', '2026-03-07', AS_OF, 4, 3, true],
    ]);
    expect(staleMeasures(alert({ kind: 'stale_data', days: 4 }), fresh, AS_OF).some((m) => m.fires)).toBe(
      false,
    );
    expect(
      staleMeasures(alert({ kind: 'stale_data', days: 1, scope: { provider: 'aws' } }), fresh, AS_OF),
    ).toHaveLength(1);
  });
});
