import { describe, expect, it } from 'vitest';
import type { Queryable } from '../ports/database/port.js';
import { deleteOldQuotaRows, quotaUsage } from './quota.js';

/** A database answering every query with `rows`, recording what it was asked. */
function fakeDb(rows: Record<string, unknown>[] = []) {
  const calls: { text: string; params: unknown[] }[] = [];
  const db = {
    query: async (text: string, params: unknown[] = []) => {
      calls.push({ text, params });
      return { rows, rowCount: rows.length };
    },
  } as unknown as Queryable;
  return { db, calls };
}

const subscription = {
  plan: 'STARTER',
  daily_limit: 6,
  monthly_limit: 180,
  concurrent_limit: 1,
  seat_limit: 2,
  provider_limit: 3,
  concurrent: 1,
  day_runs: 4,
  month_runs: 40,
  seats: 2,
  providers: 1,
};

const usageAt = async (now: string) => {
  const { db, calls } = fakeDb([subscription]);
  const usage = await quotaUsage(db, 'acme', new Date(now));
  return { usage, params: calls[0]!.params };
};

describe('quotaUsage: the UTC periods and their resets', () => {
  it('on the last minute of a year: today is Dec 31, the month December; both reset at 2027-01-01T00:00Z', async () => {
    const { usage, params } = await usageAt('2026-12-31T23:59:00Z');
    expect(params).toEqual(['acme', '2026-12-31', '2026-12-01']);
    expect(usage.daily.resets_at).toBe('2027-01-01T00:00:00.000Z');
    expect(usage.monthly.resets_at).toBe('2027-01-01T00:00:00.000Z');
  });

  it('at the end of a 30-day month and of February in a leap year', async () => {
    const nov = await usageAt('2026-11-30T12:00:00Z');
    expect(nov.params).toEqual(['acme', '2026-11-30', '2026-11-01']);
    expect(nov.usage.daily.resets_at).toBe('2026-12-01T00:00:00.000Z');
    expect(nov.usage.monthly.resets_at).toBe('2026-12-01T00:00:00.000Z');
    const feb = await usageAt('2028-02-28T23:00:00Z');
    expect(feb.usage.daily.resets_at).toBe('2028-02-29T00:00:00.000Z');
    expect(feb.usage.monthly.resets_at).toBe('2028-03-01T00:00:00.000Z');
  });

  it('at 00:00:00 UTC the new day has begun: it resets at the next midnight, not now', async () => {
    const { usage, params } = await usageAt('2026-03-01T00:00:00Z');
    expect(params).toEqual(['acme', '2026-03-01', '2026-03-01']);
    expect(usage.daily.resets_at).toBe('2026-03-02T00:00:00.000Z');
    expect(usage.monthly.resets_at).toBe('2026-04-01T00:00:00.000Z');
  });

  it('uses UTC, not the local clock: 23:30 at UTC-5 on the 31st is already the 1st in UTC', async () => {
    const { usage, params } = await usageAt('2026-01-31T23:30:00-05:00');
    expect(params).toEqual(['acme', '2026-02-01', '2026-02-01']);
    expect(usage.daily.resets_at).toBe('2026-02-02T00:00:00.000Z');
    expect(usage.monthly.resets_at).toBe('2026-03-01T00:00:00.000Z');
  });

  it('reports the counters and limits it read', async () => {
    const { usage } = await usageAt('2026-06-15T10:00:00Z');
    expect(usage).toMatchObject({
      plan: 'STARTER',
      daily: { used: 4, limit: 6 },
      monthly: { used: 40, limit: 180 },
      concurrent: { running: 1, limit: 1 },
      seats: { used: 2, limit: 2 },
      providers: { used: 1, limit: 3 },
    });
  });

  it('is a 404 for an org without a subscription', async () => {
    await expect(quotaUsage(fakeDb([]).db, 'ghost', new Date())).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('deleteOldQuotaRows', () => {
  it('keeps periods that started 90 days before today (UTC) or later', async () => {
    const { db, calls } = fakeDb();
    await deleteOldQuotaRows(db, new Date('2026-03-31T23:59:00Z'));
    expect(calls[0]!.params).toEqual(['2025-12-31']);
    await deleteOldQuotaRows(db, new Date('2026-01-10T00:30:00Z'), 10);
    expect(calls[1]!.params).toEqual(['2025-12-31']);
  });
});
