import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { CostCache } from './cache.js';
import type { CostSlice } from './slice.js';

const slice = (org: string, start: string, bytes: number): CostSlice => ({
  org,
  start,
  end: start,
  version: 0,
  frame: pl.DataFrame({}),
  bytes,
  groups: 0,
  readMs: 0,
});

describe('CostCache', () => {
  it('counts the views memoised on a slice in its byte bound', () => {
    const cache = new CostCache(10_000);
    const entry = cache.set(slice('acme', '2026-01-01', 1_000));
    const view = { items: 'x'.repeat(3_000) };
    expect(cache.memo(entry, 'summary', () => view)).toBe(view);
    expect(cache.memo(entry, 'summary', () => ({ items: 'recomputed' }))).toBe(view);
    expect(cache.statsOf('acme').bytes).toBeGreaterThan(4_000);
  });

  it('evicts the least recently used slices when memoised views grow past the bound', () => {
    const cache = new CostCache(10_000);
    cache.set(slice('acme', '2026-01-01', 4_000));
    const recent = cache.set(slice('acme', '2026-01-02', 4_000));
    cache.memo(recent, 'summary', () => ({ items: 'x'.repeat(3_000) }));
    expect(cache.get('acme', '2026-01-01', '2026-01-01', 0)).toBeUndefined();
    expect(cache.statsOf('acme').bytes).toBeLessThanOrEqual(10_000);
  });

  it('serves a view too large to keep without keeping it', () => {
    const cache = new CostCache(10_000);
    const entry = cache.set(slice('acme', '2026-01-01', 4_000));
    const big = () => ({ items: 'x'.repeat(8_000) });
    expect(cache.memo(entry, 'summary', big).items).toHaveLength(8_000);
    expect(entry.views.size).toBe(0);
    expect(cache.statsOf('acme').bytes).toBe(4_000);
  });
});
