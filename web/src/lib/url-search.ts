import { z } from 'zod';
import { DaySchema } from '../../../shared/contracts/day.js';
import { COST_TYPES, MAX_COST_RANGE_DAYS } from '../../../shared/contracts/costs.js';
import { daysBetween, type Day } from '../../../shared/time/day.js';
import { presetRange, type DayRange } from './utc-days.js';

export const BASES = ['billed', 'effective'] as const;
export type Basis = (typeof BASES)[number];

/**
 * The filters every cost view keeps in its URL, so a view is a link. A bad value is dropped (a hand-edited or
 * stale link still opens), never an error.
 */
export const CostSearchSchema = z.object({
  start_date: DaySchema.optional().catch(undefined),
  end_date: DaySchema.optional().catch(undefined),
  provider: z
    .string()
    .regex(/^[a-z0-9_ .-]{1,100}$/)
    .optional()
    .catch(undefined),
  cost_type: z.enum(COST_TYPES).optional().catch(undefined),
  hierarchy_entity_id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
    .optional()
    .catch(undefined),
  basis: z.enum(BASES).optional().catch(undefined),
});
export type CostSearch = z.output<typeof CostSearchSchema>;

/** Router `validateSearch`: whatever is in the URL, a valid CostSearch (unknown keys are dropped). */
export const parseCostSearch = (raw: unknown): CostSearch => CostSearchSchema.parse(raw ?? {});

/**
 * The range a search shows: its own dates when both are there and form a range the API takes, else the default
 * preset (the last 30 complete days) on `today`.
 */
export function searchRange(search: CostSearch, today: Day): DayRange {
  const { start_date: start, end_date: end } = search;
  if (start && end && start <= end && daysBetween(start, end) <= MAX_COST_RANGE_DAYS) return { start, end };
  return presetRange('last_30_days', today);
}

/** The basis a search shows (billed unless it says effective). */
export const searchBasis = (search: CostSearch): Basis => search.basis ?? 'billed';

/** The cost API query for a search: the range and the filters, nothing else. */
export function costQuery(search: CostSearch, today: Day) {
  const { start, end } = searchRange(search, today);
  return {
    start_date: start,
    end_date: end,
    ...(search.provider ? { provider: search.provider } : {}),
    ...(search.cost_type ? { cost_type: search.cost_type } : {}),
    ...(search.hierarchy_entity_id ? { hierarchy_entity_id: search.hierarchy_entity_id } : {}),
  };
}
