import { describe, expect, it } from 'vitest';
import { CostQuerySchema } from '../../../shared/contracts/costs.js';
import { costQuery, parseCostSearch, searchBasis, searchRange } from './url-search.js';

const today = '2026-12-07';

describe('parseCostSearch', () => {
  it('keeps valid params', () => {
    const s = parseCostSearch({
      start_date: '2026-10-01',
      end_date: '2026-10-31',
      provider: 'aws',
      cost_type: 'cloud',
      hierarchy_entity_id: 'DEPT-001',
      basis: 'effective',
    });
    expect(s).toEqual({
      start_date: '2026-10-01',
      end_date: '2026-10-31',
      provider: 'aws',
      cost_type: 'cloud',
      hierarchy_entity_id: 'DEPT-001',
      basis: 'effective',
    });
  });

  it('drops bad values one by one instead of failing, and unknown keys', () => {
    const s = parseCostSearch({
      start_date: '2026-02-30',
      end_date: '2026-10-31',
      provider: 'AWS<script>',
      cost_type: 'hardware',
      hierarchy_entity_id: '../x',
      basis: 'list',
      other: 1,
    });
    expect(s).toEqual({ end_date: '2026-10-31' });
  });

  it('takes a missing or empty search', () => {
    expect(parseCostSearch(undefined)).toEqual({});
    expect(parseCostSearch({})).toEqual({});
  });
});

describe('searchRange', () => {
  it('uses the dates of the URL when they form a range', () => {
    expect(searchRange({ start_date: '2026-10-01', end_date: '2026-10-31' }, today)).toEqual({
      start: '2026-10-01',
      end: '2026-10-31',
    });
  });

  it('falls back to the last 30 complete days for a half, reversed or too long range', () => {
    const last30 = { start: '2026-11-07', end: '2026-12-06' };
    expect(searchRange({ start_date: '2026-10-01' }, today)).toEqual(last30);
    expect(searchRange({ start_date: '2026-10-31', end_date: '2026-10-01' }, today)).toEqual(last30);
    expect(searchRange({ start_date: '2020-01-01', end_date: '2026-10-01' }, today)).toEqual(last30);
  });
});

describe('costQuery', () => {
  it('is a query the cost API accepts, with only the filters set', () => {
    const q = costQuery({ provider: 'openai', basis: 'effective' }, today);
    expect(q).toEqual({ start_date: '2026-11-07', end_date: '2026-12-06', provider: 'openai' });
    expect(CostQuerySchema.safeParse(q).success).toBe(true);
  });

  it('reads the basis, billed by default', () => {
    expect(searchBasis({})).toBe('billed');
    expect(searchBasis({ basis: 'effective' })).toBe('effective');
  });
});
