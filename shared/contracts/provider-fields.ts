/**
 * The pieces every provider's schemas share (browser-safe: zod only): the form metadata each field states and the
 * field shapes several providers use. The catalogue is shared/contracts/provider-schemas.ts.
 */
import { z } from 'zod';

/** How a form shows a field: one line, a textarea, a file read into the field, or a key-value editor. */
export const FIELD_FORMATS = ['text', 'multiline', 'json-file', 'pem-file', 'key-value'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

/** The metadata every credential and config field states. */
export interface FieldMeta {
  title: string;
  description: string;
  /** Never echoed back, `type=password` in forms. */
  secret?: boolean;
  format?: FieldFormat;
  placeholder?: string;
}
/** A field's metadata, as zod's `.meta()` takes it. */
export const meta = (m: FieldMeta) => m as unknown as Record<string, unknown>;

/** An API key credential: one token of printable ASCII, surrounding whitespace trimmed. */
export const ApiKeySchema = z
  .string()
  .trim()
  .min(8, 'API key is too short')
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'API key must be printable ASCII without spaces');

/** A bucket/container key prefix: printable (no control characters), leading slashes dropped. */
export const ObjectPrefixSchema = z
  .string()
  .max(1024)
  .refine(
    (p) => [...p].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f),
    'prefix has control characters',
  )
  .default('')
  .transform((p) => p.replace(/^\/+/, ''));

/** An AWS region id; it becomes part of a host name, so it is strict. */
export const AwsRegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'region looks like us-east-1');

/** A Google Cloud project id (the modern form; legacy `domain:project` ids are not accepted). */
export const GcpProjectIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id');

/** An API key credential with its form metadata (a secret). */
export const apiKey = (title: string, description: string, placeholder?: string) =>
  ApiKeySchema.meta(meta({ title, description, secret: true, placeholder }));
