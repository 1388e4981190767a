import { z } from 'zod';
import { daysBetween } from '../time/day.js';

function isRealDay(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A real calendar day `YYYY-MM-DD` (2026-02-30 and 2026-13-01 are refused, never thrown on). */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isRealDay, 'must be a real calendar date');

/**
 * An object holding the inclusive range `start_date`..`end_date` of at most `maxDays` days, plus `shape`'s
 * fields. The limit is part of the contract: `end_date` carries it in OpenAPI (`x-max-days` and its description),
 * and a longer or reversed range is a 400 naming `end_date`.
 */
export function DateRangeSchema<S extends z.ZodRawShape = Record<never, never>>(maxDays: number, shape?: S) {
  return z
    .strictObject({
      start_date: DaySchema.meta({ description: 'First day of the range (included).' }),
      end_date: DaySchema.meta({
        description: `Last day of the range (included); at most ${maxDays} days from start_date.`,
        'x-max-days': maxDays,
      }),
      ...(shape as S),
    })
    .superRefine((value, ctx) => {
      // The generic shape hides the two fields from the compiler; they are this object's own.
      const { start_date: start, end_date: end } = value as { start_date: string; end_date: string };
      if (!isRealDay(start) || !isRealDay(end)) return; // already reported on the field
      if (end < start) {
        ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'end_date is before start_date.' });
        return;
      }
      const days = daysBetween(start, end);
      if (days > maxDays) {
        ctx.addIssue({
          code: 'custom',
          path: ['end_date'],
          message: `The range has ${days} days; at most ${maxDays} are allowed.`,
        });
      }
    });
}
