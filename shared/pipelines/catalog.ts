import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { DefinitionProblem, PipelineDef } from '../contracts/pipeline-definition.js';
import { validatePipelineYaml } from './definition.js';

export interface Catalog {
  pipelines: Map<string, PipelineDef>;
  /** Files that failed validation (they cannot be run). */
  invalid: { id: string; problems: DefinitionProblem[] }[];
}

const cache = new Map<string, Catalog>();

/** Loads `<dir>/{provider}/{domain}/{pipeline}.yml`, validated against the known step types; cached per dir. */
export function loadCatalog(dir: string, knownStepTypes: ReadonlySet<string>): Catalog {
  const root = resolve(dir);
  const hit = cache.get(root);
  if (hit) return hit;
  const catalog: Catalog = { pipelines: new Map(), invalid: [] };
  if (existsSync(root)) {
    for (const file of walk(root).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))) {
      const id = relative(root, file)
        .split(sep)
        .join('/')
        .replace(/\.ya?ml$/, '');
      const result = validatePipelineYaml(readFileSync(file, 'utf8'), knownStepTypes, id);
      if (result.ok) catalog.pipelines.set(id, result.pipeline);
      else catalog.invalid.push({ id, problems: result.problems });
    }
  }
  cache.set(root, catalog);
  return catalog;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
