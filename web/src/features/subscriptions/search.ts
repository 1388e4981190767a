import { z } from 'zod';

/** The provider whose plans are open, in the URL (`?provider=slack`; a bad value is dropped, never an error). */
const SubscriptionsSearchSchema = z.object({
  provider: z
    .string()
    .regex(/^[a-z0-9_]{2,40}$/)
    .optional()
    .catch(undefined),
});

export type SubscriptionsSearch = z.output<typeof SubscriptionsSearchSchema>;

export const parseSubscriptionsSearch = (raw: unknown): SubscriptionsSearch =>
  SubscriptionsSearchSchema.parse(raw ?? {});
