import { z } from 'zod';

/** Levels an org may configure (depth 1 is the top). */
export const MAX_LEVELS = 8;

export const LevelCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,29}$/, 'a level code like department or team (lowercase, 2 to 30 characters)');
export const CodePrefixSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'a code prefix like DEPT (capital letters and digits, 2 to 10)');
/** An entity code: its level's prefix, a dash and a suffix, e.g. DEPT-001 or TEAM-PLATFORM. */
export const EntityIdSchema = z
  .string()
  .max(50)
  .regex(/^[A-Z][A-Z0-9]{1,9}-[A-Z0-9]+([_-][A-Z0-9]+)*$/, 'an entity code like DEPT-001 (capital letters)');
