/**
 * The integrations page's logic, free of React: the setup body built from a provider's described fields, each
 * credential's freshness, the pipelines a delete stops, and the usage file's preview.
 */
import type { z } from 'zod';
import type { ProviderField, ProviderInfo } from '../../../../shared/contracts/provider-schemas.js';
import type { IntegrationSchema } from '../../../../shared/contracts/integrations.js';
import type { FreshnessItemSchema } from '../../../../shared/contracts/costs.js';
import type { PipelineInfoSchema } from '../../../../shared/contracts/pipeline-validator.js';
import { MAX_IMPORT_ROWS } from '../../../../shared/contracts/genai.js';

export type Integration = z.output<typeof IntegrationSchema>;
export type FreshnessItem = z.output<typeof FreshnessItemSchema>;
export type PipelineInfo = z.output<typeof PipelineInfoSchema>;
export type { ProviderField, ProviderInfo };

/** The form's values: one text per field, keyed `credential.<name>` / `config.<name>`. */
export type FormValues = Record<string, string>;
export const fieldKey = (part: 'credential' | 'config', name: string) => `${part}.${name}`;

export interface SetupBody {
  credential: string | Record<string, unknown>;
  config: Record<string, unknown>;
}

/** `deployment=model` per line (blank lines skipped) into an object; the first bad line's message otherwise. */
export function parseKeyValueLines(
  text: string,
): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  const value: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0 || eq === line.length - 1) return { ok: false, error: `Line ${i + 1}: write name=value.` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { ok: true, value };
}

/**
 * The setup/validate body from the form, checked only as far as the browser can without the provider: required
 * fields filled, a key file that is JSON, key-value lines. Empty optional fields are left out (the API applies
 * their defaults). Field errors are keyed as the values are.
 */
export function buildSetupBody(
  info: Pick<ProviderInfo, 'credential_type' | 'credential_fields' | 'config_fields'>,
  values: FormValues,
): { ok: true; body: SetupBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const read = (part: 'credential' | 'config', fields: readonly ProviderField[]) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const key = fieldKey(part, f.name);
      const raw = values[key] ?? '';
      // Key files keep their bytes; one-line values lose the spaces a paste brings.
      const text = f.format === 'pem-file' || f.format === 'json-file' ? raw : raw.trim();
      if (text.trim() === '') {
        if (f.required) errors[key] = `${f.title} is required.`;
        continue;
      }
      if (f.type === 'record') {
        const kv = parseKeyValueLines(text);
        if (kv.ok) out[f.name] = kv.value;
        else errors[key] = kv.error;
      } else out[f.name] = text;
    }
    return out;
  };
  const credentialValues = read('credential', info.credential_fields);
  const config = read('config', info.config_fields);
  let credential: SetupBody['credential'] = credentialValues;
  if (info.credential_type !== 'object') {
    const text = credentialValues.credential as string | undefined;
    if (info.credential_type === 'string') credential = text ?? '';
    else if (text !== undefined) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        credential = parsed as Record<string, unknown>;
      } catch {
        errors[fieldKey('credential', 'credential')] = 'The key file is not a JSON object.';
      }
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: { credential, config } };
}

/** What a stored config holds, as the form's text (secrets are never in a config, nor returned). */
export function configSummary(info: Pick<ProviderInfo, 'config_fields'>, config: Record<string, unknown>) {
  return info.config_fields
    .filter((f) => config[f.name] !== undefined && config[f.name] !== '')
    .map((f) => {
      const v = config[f.name];
      const text =
        typeof v === 'object' && v !== null
          ? Object.entries(v as Record<string, unknown>)
              .map(([k, x]) => `${k}=${String(x)}`)
              .join(', ')
          : String(v);
      return { name: f.name, title: f.title, text };
    });
}

/** A credential's freshness: the latest day a completed run covered (any of its pipelines) and its latest run. */
export function freshnessOf(items: readonly FreshnessItem[], credentialId: string) {
  const mine = items.filter((i) => i.credential_id === credentialId);
  let dataThrough: string | null = null;
  let lastRun: FreshnessItem['last_run'] = null;
  for (const i of mine) {
    if (i.data_through && (!dataThrough || i.data_through > dataThrough)) dataThrough = i.data_through;
    const started = (r: NonNullable<FreshnessItem['last_run']>) => r.started_at ?? r.finished_at ?? '';
    if (i.last_run && (!lastRun || started(i.last_run) > started(lastRun))) lastRun = i.last_run;
  }
  return { dataThrough, lastRun };
}

/** The pipelines that run on a provider's credentials: a delete stops the daily ones. */
export function pipelinesOf(catalogue: readonly PipelineInfo[], provider: string) {
  const of = catalogue.filter((p) => p.requires_integration === provider);
  return {
    scheduled: of.filter((p) => p.daily).map((p) => p.pipeline_id),
    all: of.map((p) => p.pipeline_id),
  };
}

/** `••••1234`. */
export const maskedFingerprint = (fingerprint: string) => (fingerprint ? `••••${fingerprint}` : '—');

// ---------- usage import ----------

/** The largest body the API takes (MAX_BODY_BYTES default). */
export const MAX_IMPORT_BYTES = 1024 * 1024;
export { MAX_IMPORT_ROWS };

export interface UsagePreview {
  columns: string[];
  rows: string[][];
  total: number;
  body: { csv: string } | { rows: Record<string, unknown>[] };
}

/** RFC 4180 records of a CSV text (quoted fields with commas, quotes and line breaks). */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  return records;
}

/**
 * Reads a usage file (CSV with a header row, or a JSON array of objects / `{rows: [...]}`) for its preview: the
 * columns, the first `limit` rows and the count. Refuses what the API would refuse before reading rows: too large,
 * too many rows, not CSV or JSON.
 */
export function previewUsageFile(
  name: string,
  text: string,
  limit = 5,
): { ok: true; preview: UsagePreview } | { ok: false; error: string } {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_IMPORT_BYTES - 4096)
    return {
      ok: false,
      error: `The file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; at most 1 MiB per import (split it by month).`,
    };
  const trimmed = text.trimStart();
  if (/\.json$/i.test(name) || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: `The JSON could not be read: ${(err as Error).message}` };
    }
    const rows = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown })?.rows;
    if (!Array.isArray(rows) || rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r)))
      return { ok: false, error: 'The JSON must be an array of row objects.' };
    const objects = rows as Record<string, unknown>[];
    if (objects.length === 0) return { ok: false, error: 'The file holds no rows.' };
    if (objects.length > MAX_IMPORT_ROWS)
      return {
        ok: false,
        error: `At most ${MAX_IMPORT_ROWS} rows per import (the file has ${objects.length}).`,
      };
    const columns = [...new Set(objects.slice(0, limit).flatMap((r) => Object.keys(r)))];
    const show = (v: unknown) =>
      v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return {
      ok: true,
      preview: {
        columns,
        rows: objects.slice(0, limit).map((r) => columns.map((c) => show(r[c]))),
        total: objects.length,
        body: { rows: objects },
      },
    };
  }
  const records = csvRecords(text);
  if (records.length === 0) return { ok: false, error: 'The file is empty.' };
  const [header, ...rows] = records;
  if (rows.length === 0) return { ok: false, error: 'The file has a header row but no rows.' };
  if (rows.length > MAX_IMPORT_ROWS)
    return { ok: false, error: `At most ${MAX_IMPORT_ROWS} rows per import (the file has ${rows.length}).` };
  return {
    ok: true,
    preview: {
      columns: header!.map((c) => c.trim()),
      rows: rows.slice(0, limit),
      total: rows.length,
      body: { csv: text },
    },
  };
}

export interface RowProblem {
  row: number;
  path: string;
  message: string;
}

/** The API's row-by-row problems of a refused import (400 details), or none. */
export function rowProblems(details: unknown): RowProblem[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter(
      (d): d is RowProblem =>
        !!d &&
        typeof d === 'object' &&
        typeof (d as RowProblem).row === 'number' &&
        typeof (d as RowProblem).message === 'string',
    )
    .map((d) => ({ row: d.row, path: String(d.path ?? ''), message: d.message }));
}

/**
 * A 400's field details (`{field: 'body.credential.client_id', message}`) as the form's errors: a field of an
 * object credential or of the config by its key; anything inside a key file or API key on that one field.
 */
export function fieldErrorsOf(
  info: Pick<ProviderInfo, 'credential_type' | 'credential_fields' | 'config_fields'>,
  details: unknown,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Array.isArray(details)) return errors;
  for (const d of details as { field?: unknown; message?: unknown }[]) {
    if (typeof d?.field !== 'string' || typeof d.message !== 'string') continue;
    const [, part, name, ...rest] = d.field.split('.');
    if (part === 'config' && name && info.config_fields.some((f) => f.name === name))
      errors[fieldKey('config', name)] ??= d.message;
    else if (part === 'credential') {
      if (info.credential_type === 'object' && name && info.credential_fields.some((f) => f.name === name))
        errors[fieldKey('credential', name)] ??= d.message;
      else {
        const inner = [name, ...rest].filter(Boolean).join('.');
        errors[fieldKey('credential', 'credential')] ??= inner ? `${inner}: ${d.message}` : d.message;
      }
    }
  }
  return errors;
}
