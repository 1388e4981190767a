import { describe, expect, it } from 'vitest';
import { SUMMARY_DIMENSIONS } from '../../../../shared/contracts/genai.js';
import { GROUP_BY, parseGenAiSearch } from './genai-search.js';

describe('the GenAI page URL', () => {
  it('groups by what the API takes', () => {
    expect([...GROUP_BY]).toEqual([...SUMMARY_DIMENSIONS]);
  });

  it('keeps the cost filters and a valid group_by, drops a bad one', () => {
    expect(
      parseGenAiSearch({ start_date: '2026-10-01', end_date: '2026-10-31', group_by: 'model', x: 1 }),
    ).toEqual({ start_date: '2026-10-01', end_date: '2026-10-31', group_by: 'model' });
    expect(parseGenAiSearch({ group_by: 'nope' })).toEqual({});
    expect(parseGenAiSearch(undefined)).toEqual({});
  });
});
