/**
 * The one reader of the procedures folder, for the run-procedure step, the procedure sync and the tests.
 * A procedure is `<domain>/sp_<name>.sql`; a `{name}` placeholder in it stands for the fragment
 * `_fragments/<name>.sql` (a fragment may hold placeholders too), so columns and filters every procedure repeats
 * are written once. `{dataset}` is no fragment: it is the org's dataset, put in last by the caller.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { permanent } from '../errors/index.js';

/** The folder under the procedures dir that holds fragments, not procedures. */
export const FRAGMENTS = '_fragments';
const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;
const ROUTINE_NAME = /^sp_[a-z0-9_]{1,120}$/;

export interface ProcedureFile {
  /** Path under the procedures dir without `.sql`, e.g. `genai/sp_genai_1_consolidate_usage_daily`. */
  path: string;
  /** The routine name: the file name, e.g. `sp_genai_1_consolidate_usage_daily`. */
  name: string;
  /** The SQL with its fragments expanded; `{dataset}` still in it. */
  sql: string;
}

function read(dir: string, path: string, what: string): string {
  const file = resolve(join(dir, `${path}.sql`));
  if (!file.startsWith(resolve(dir) + sep)) throw permanent(`${what} ${path} is outside ${dir}.`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw permanent(`${what} ${path} not found in ${dir}.`);
  }
}

/** Replaces each `{name}` but `{dataset}` by its fragment, indented like the placeholder's line. */
function expand(dir: string, sql: string, within: string[]): string {
  return sql.replace(PLACEHOLDER, (whole, name: string, offset: number) => {
    if (name === 'dataset') return whole;
    if (within.includes(name)) throw permanent(`Fragment ${name} includes itself (${within.join(' > ')}).`);
    const text = read(dir, `${FRAGMENTS}/${name}`, 'Fragment')
      .split('\n')
      .filter((line) => !line.startsWith('--') && line.trim() !== '')
      .join('\n');
    const body = expand(dir, text, [...within, name]);
    const indent = /^[ \t]*/.exec(sql.slice(sql.lastIndexOf('\n', offset - 1) + 1))![0];
    return body.replaceAll('\n', `\n${indent}`);
  });
}

/** A procedure's SQL with its fragments expanded and `{dataset}` left in. */
export function readProcedure(dir: string, procedure: string): string {
  if (procedure.split('/').some((part) => part.startsWith('_')))
    throw permanent(`${procedure} is not a procedure (paths under _ are fragments).`);
  return expand(dir, read(dir, procedure, 'Procedure'), [procedure]);
}

/** Puts the org's (validated, derived) dataset name in and drops a final `;`. */
export const withDataset = (sql: string, dataset: string) =>
  sql.replaceAll('{dataset}', dataset).replace(/;\s*$/, '');

/** A procedure's SQL, ready to run for one org's dataset. */
export function loadProcedure(dir: string, procedure: string, dataset: string): string {
  return withDataset(readProcedure(dir, procedure), dataset);
}

/** Every `sp_*.sql` procedure under `dir`, expanded; two files with one name are refused (routine names are per dataset). */
export function listProcedures(dir: string): ProcedureFile[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.name.startsWith('_')
        ? []
        : e.isDirectory()
          ? walk(join(d, e.name))
          : e.name.endsWith('.sql')
            ? [join(d, e.name)]
            : [],
    );
  const files = walk(dir).map((file) => {
    const path = relative(dir, file)
      .split(sep)
      .join('/')
      .replace(/\.sql$/, '');
    const name = path.split('/').at(-1)!;
    if (!ROUTINE_NAME.test(name)) throw new Error(`Procedure file ${path}.sql must be named sp_<name>.sql`);
    return { path, name, sql: readProcedure(dir, path) };
  });
  const seen = new Map<string, string>();
  for (const f of files) {
    const other = seen.get(f.name);
    if (other) throw new Error(`Procedures ${other} and ${f.path} have the same routine name ${f.name}.`);
    seen.set(f.name, f.path);
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The fragments under `dir` (names without `.sql`). */
export function listFragments(dir: string): string[] {
  return readdirSync(join(dir, FRAGMENTS))
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.replace(/\.sql$/, ''))
    .sort();
}
