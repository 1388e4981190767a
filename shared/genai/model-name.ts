/**
 * One spelling per GenAI model in cost data, so a model billed through a cloud (`claude-3.5-sonnet` in a Bedrock or
 * Vertex bill) and the same model imported or read from a usage API (`claude-3-5-sonnet`) group as one: lowercase,
 * trimmed, and a Claude version written with a dot as the clouds' bills write it (`claude-3-5-sonnet` ->
 * `claude-3.5-sonnet`, `claude-sonnet-4-5-20250929` -> `claude-sonnet-4.5-20250929`; `claude-3-haiku` and dated
 * snapshots stay as they are). Vendor prefixes and snapshots are not merged.
 *
 * Applied where FOCUS rows get their x_genai_model (the run-procedure step, in SQL) with the same rule as here.
 */

/** The Claude version rule as an RE2 / JavaScript pattern (the first match only: a name has one version). */
const CLAUDE_VERSION = '^(claude(?:-[a-z]+)*)-([0-9])-([0-9])(-|$)';

/** The canonical spelling of a model name; null stays null. */
export function canonicalModelName(name: string | null): string | null {
  if (name === null) return null;
  return name.trim().toLowerCase().replace(new RegExp(CLAUDE_VERSION), '$1-$2.$3$4');
}

/** The same rule in BigQuery SQL (DuckDB runs it too) over `expr`; needs MODEL_NAME_PARAMS among the parameters. */
export function canonicalModelNameSql(expr: string): string {
  return `REGEXP_REPLACE(LOWER(TRIM(${expr})), @model_name_pattern, @model_name_replacement)`;
}

/** The parameters canonicalModelNameSql refers to (patterns as values: no dialect's string escaping involved). */
export const MODEL_NAME_PARAMS = {
  model_name_pattern: CLAUDE_VERSION,
  model_name_replacement: '\\1-\\2.\\3\\4',
} as const;
