import { z } from 'zod';

/**
 * The hierarchy page's URL: `?create_rule=1` opens the new-rule dialog (the cost pages' "Create a rule for this"
 * on Unallocated links here). A bad value is dropped, never an error.
 */
const HierarchySearchSchema = z.object({
  create_rule: z.literal(1).optional().catch(undefined),
});

export type HierarchySearch = z.output<typeof HierarchySearchSchema>;

export const parseHierarchySearch = (raw: unknown): HierarchySearch => HierarchySearchSchema.parse(raw ?? {});
