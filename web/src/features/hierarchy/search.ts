import { z } from 'zod';

/**
 * The hierarchy page's URL: `?rule=new` opens the new-rule dialog (the cost pages' "create a rule for this" on
 * Unallocated links here). A bad value is dropped, never an error.
 */
const HierarchySearchSchema = z.object({
  rule: z.literal('new').optional().catch(undefined),
});

export type HierarchySearch = z.output<typeof HierarchySearchSchema>;

export const parseHierarchySearch = (raw: unknown): HierarchySearch => HierarchySearchSchema.parse(raw ?? {});
