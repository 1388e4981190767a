import { describe, expect, it } from 'vitest';
import {
  amountOf,
  findNode,
  niceTicks,
  distinctColors,
  peakOf,
  rollUpHierarchy,
  stackBy,
  topN,
  type HierarchyRow,
} from './cost-series.js';

const row = (period: string, cost_type: string, provider: string, billed_cost: number) => ({
  period,
  cost_type,
  provider,
  billed_cost,
  effective_cost: billed_cost * 2,
});

describe('stackBy', () => {
  it('sums rows per period and series, keeps period order, orders series largest first', () => {
    const rows = [
      row('2026-10-01', 'genai', 'openai', 2),
      row('2026-10-01', 'cloud', 'aws', 5),
      row('2026-10-01', 'genai', 'anthropic', 1),
      row('2026-10-02', 'subscription', 'slack', 10),
    ];
    const stacked = stackBy(
      rows,
      (r) => r.period,
      (r) => r.cost_type,
      (r) => r.billed_cost,
    );
    expect(stacked.series).toEqual(['subscription', 'cloud', 'genai']);
    expect(stacked.rows).toEqual([
      { period: '2026-10-01', values: { genai: 3, cloud: 5 }, stack: 8 },
      { period: '2026-10-02', values: { subscription: 10 }, stack: 10 },
    ]);
  });
});

describe('topN and amountOf', () => {
  it('keeps the n largest, ties in their order', () => {
    expect(topN([1, 5, 3, 5, 2], 3, (v) => v)).toEqual([5, 5, 3]);
    expect(topN([], 3, (v: number) => v)).toEqual([]);
  });

  it('reads billed or effective', () => {
    const r = { billed_cost: 1, effective_cost: 2 };
    expect(amountOf(r, 'billed')).toBe(1);
    expect(amountOf(r, 'effective')).toBe(2);
  });

  it('finds the peak', () => {
    expect(peakOf([{ v: 1 }, { v: 4 }, { v: 2 }], (r) => r.v)).toEqual({ v: 4 });
    expect(peakOf([], (r: { v: number }) => r.v)).toBeUndefined();
  });
});

describe('rollUpHierarchy', () => {
  const h = (
    entity_id: string | null,
    path: string | null,
    billed_cost: number,
    entity_name: string | null = entity_id,
  ): HierarchyRow => ({
    entity_id,
    entity_name,
    level_code: null,
    path,
    billed_cost,
    effective_cost: billed_cost / 2,
  });

  const rows = [
    h('TEAM-FE', '/DEPT-ENG/PROJ-WEB/TEAM-FE', 40, 'Frontend'),
    h('PROJ-WEB', '/DEPT-ENG/PROJ-WEB', 10, 'Web'),
    h('TEAM-SRE', '/DEPT-ENG/PROJ-PLAT/TEAM-SRE', 30, 'SRE'),
    h('DEPT-GTM', '/DEPT-GTM', 100, 'Go-to-market'),
    h(null, null, 7, null),
  ];

  it('rolls descendants up by path, keeps own cost, puts Unallocated last', () => {
    const names = new Map([['DEPT-ENG', { name: 'Engineering', level: 'department' }]]);
    const roots = rollUpHierarchy(rows, 'billed', names);
    expect(roots.map((n) => [n.id, n.name, n.total, n.own])).toEqual([
      ['DEPT-GTM', 'Go-to-market', 100, 100],
      ['DEPT-ENG', 'Engineering', 80, 0],
      [null, 'Unallocated', 7, 7],
    ]);
    const eng = roots[1]!;
    expect(eng.children.map((n) => [n.id, n.total, n.own])).toEqual([
      ['PROJ-WEB', 50, 10],
      ['PROJ-PLAT', 30, 0],
    ]);
    expect(eng.children[1]!.name).toBe('PROJ-PLAT');
  });

  it('rolls up the effective basis', () => {
    const roots = rollUpHierarchy(rows, 'effective');
    expect(roots.find((n) => n.id === 'DEPT-ENG')!.total).toBe(40);
  });

  it('finds a node and its trail', () => {
    const roots = rollUpHierarchy(rows, 'billed');
    const found = findNode(roots, 'TEAM-FE')!;
    expect(found.node.name).toBe('Frontend');
    expect(found.trail.map((n) => n.id)).toEqual(['DEPT-ENG', 'PROJ-WEB', 'TEAM-FE']);
    expect(findNode(roots, 'NOPE')).toBeUndefined();
  });
});

describe('niceTicks', () => {
  it('covers the max with round steps', () => {
    expect(niceTicks(371)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(4890)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(niceTicks(4125)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(niceTicks(11640.86)).toEqual([0, 2500, 5000, 7500, 10000, 12500]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0.37, 4)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('gives an axis for nothing', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(-5)).toEqual([0, 1]);
  });
});

describe('distinctColors', () => {
  it('keeps each preferred colour once, moves a clash to the next free slot', () => {
    const preferred = (k: string) => ({ a: 'c1', b: 'c1', c: 'c2' })[k] ?? 'c3';
    const slots = ['c1', 'c2', 'c3', 'c4'];
    expect(distinctColors(['a', 'b', 'c', 'd', 'e'], preferred, slots)).toEqual(
      new Map([
        ['a', 'c1'],
        ['b', 'c4'],
        ['c', 'c2'],
        ['d', 'c3'],
        ['e', 'c3'],
      ]),
    );
  });
});
