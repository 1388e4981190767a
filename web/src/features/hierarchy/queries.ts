import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import type { RuleMatch } from '../../../../shared/contracts/hierarchy.js';

// The hierarchy page's reads. Keys start with ['org', org, 'hierarchy'] so one write refreshes them all.

const path = (org: string) => ({ params: { path: { org } } });

// The tree: the cost hierarchy page's factory (features/costs/queries.ts), one cache entry for both pages.
export { hierarchyTreeQuery as treeQuery } from '../costs/queries.js';

export const rulesQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'hierarchy', 'rules'] as const,
    queryFn: async () => (await api.GET('/api/v1/hierarchy/{org}/allocation-rules', path(org))).data!,
  });

export interface PreviewInput {
  match: RuleMatch;
  entity_id?: string;
  priority?: number;
  rule_id?: string;
}

/** What a rule (saved or not) matches and moves over the last 30 days; it changes with the costs and rules. */
export const rulePreviewQuery = (api: Api, org: string, body: PreviewInput) =>
  queryOptions({
    queryKey: ['org', org, 'hierarchy', 'rule-preview', body] as const,
    queryFn: async () =>
      (await api.POST('/api/v1/hierarchy/{org}/allocation-rules/preview', { ...path(org), body })).data!,
    staleTime: 60_000,
  });

/**
 * After a hierarchy write: the tree, the rules and their previews. A rule or entity change takes effect on costs
 * from the next allocation run, so cost reads are not refreshed here.
 */
export const refreshHierarchy = (queryClient: QueryClient, org: string) =>
  queryClient.invalidateQueries({ queryKey: ['org', org, 'hierarchy'] });
