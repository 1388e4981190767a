import { describe, expect, it } from 'vitest';
import { nextImportRange } from './import-range.js';

describe('nextImportRange', () => {
  it('starts the day after the data and ends yesterday', () => {
    expect(nextImportRange('2026-11-20', '2026-12-07', 92)).toEqual({
      start: '2026-11-21',
      end: '2026-12-06',
    });
  });

  it('re-imports yesterday when the data is current', () => {
    expect(nextImportRange('2026-12-06', '2026-12-07', 92)).toEqual({
      start: '2026-12-06',
      end: '2026-12-06',
    });
    expect(nextImportRange('2026-12-07', '2026-12-07', 92)).toEqual({
      start: '2026-12-06',
      end: '2026-12-06',
    });
  });

  it('takes the last 30 days before a first run', () => {
    expect(nextImportRange(null, '2026-03-01', 92)).toEqual({ start: '2026-01-30', end: '2026-02-28' });
  });

  it('keeps the latest maxDays of a long gap', () => {
    expect(nextImportRange('2025-01-01', '2026-12-07', 92)).toEqual({
      start: '2026-09-06',
      end: '2026-12-06',
    });
  });
});
