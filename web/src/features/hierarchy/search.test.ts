import { describe, expect, it } from 'vitest';
import { parseHierarchySearch } from './search.js';

describe('parseHierarchySearch', () => {
  it('keeps create_rule=1 (the router parses the 1 as a number)', () => {
    expect(parseHierarchySearch({ create_rule: 1 })).toEqual({ create_rule: 1 });
  });

  it('drops any other value and unknown params, never throws', () => {
    expect(parseHierarchySearch({ create_rule: 2 })).toEqual({});
    expect(parseHierarchySearch({ create_rule: 'yes' })).toEqual({});
    expect(parseHierarchySearch({ rule: 'new' })).toEqual({});
    expect(parseHierarchySearch(undefined)).toEqual({});
  });
});
