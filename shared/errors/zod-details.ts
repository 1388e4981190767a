import type { z } from 'zod';

/** zod issues as `details`: one entry per bad field. */
export const zodDetails = (where: string, error: z.ZodError) =>
  error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code,
  }));
