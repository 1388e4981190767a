import { Cron } from 'croner';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  PipelineDefSchema,
  type DefinitionProblem,
  type PipelineDef,
  type StepDef,
} from '../contracts/pipeline-definition.js';
import { isStepType, STEP_CONFIGS } from '../contracts/steps.js';

export type DefinitionResult =
  { ok: true; pipeline: PipelineDef } | { ok: false; problems: DefinitionProblem[] };

/**
 * Parses and validates a pipeline YAML: the schema, then against the registry's step functions, each step's
 * config against its type's schema (STEP_CONFIGS), dependencies (missing, duplicate, cycle), the cron expression
 * and, when given, the path the file lives at.
 */
export function validatePipelineYaml(
  text: string,
  knownStepTypes: ReadonlySet<string>,
  expectedId?: string,
): DefinitionResult {
  let raw: unknown;
  try {
    raw = parseYaml(text, { strict: true, uniqueKeys: true, maxAliasCount: 10 });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : 'yaml';
    return {
      ok: false,
      problems: [{ path: where, message: `Not valid YAML: ${(err as Error).message.split('\n')[0]}` }],
    };
  }
  const parsed = PipelineDefSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    };
  }
  const problems = semanticProblems(parsed.data, knownStepTypes);
  if (expectedId && parsed.data.id !== expectedId) {
    problems.push({ path: 'id', message: `id ${parsed.data.id} does not match its file path ${expectedId}` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, pipeline: parsed.data };
}

function semanticProblems(p: PipelineDef, known: ReadonlySet<string>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const ids = new Map<string, number>();
  p.steps.forEach((s, i) => {
    if (ids.has(s.id)) problems.push({ path: `steps.${i}.id`, message: `duplicate step id "${s.id}"` });
    ids.set(s.id, i);
    if (!known.has(s.type)) {
      problems.push({
        path: `steps.${i}.type`,
        message: `unknown step type "${s.type}" (known: ${[...known].sort().join(', ')})`,
      });
    } else problems.push(...configProblems(p.id, s, i));
  });
  p.steps.forEach((s, i) =>
    s.depends_on.forEach((d, j) => {
      if (!ids.has(d))
        problems.push({ path: `steps.${i}.depends_on.${j}`, message: `depends on missing step "${d}"` });
      if (d === s.id)
        problems.push({ path: `steps.${i}.depends_on.${j}`, message: `step "${s.id}" depends on itself` });
    }),
  );
  const cycle = findCycle(p);
  if (cycle) problems.push({ path: 'steps', message: `dependency cycle: ${cycle.join(' -> ')}` });
  if (p.schedule.cron) {
    try {
      new Cron(p.schedule.cron, { paused: true, timezone: 'UTC' });
    } catch (err) {
      problems.push({
        path: 'schedule.cron',
        message: `bad cron "${p.schedule.cron}": ${(err as Error).message}`,
      });
    }
    if (!p.schedule.daily)
      problems.push({ path: 'schedule.cron', message: 'cron is only used when schedule.daily is true' });
  }
  return problems;
}

/** The step's config against its type's schema; each problem names the pipeline, the step and the field. */
function configProblems(pipelineId: string, s: StepDef, i: number): DefinitionProblem[] {
  const where = `pipeline ${pipelineId}, step "${s.id}" (${s.type})`;
  if (!isStepType(s.type))
    return [{ path: `steps.${i}.type`, message: `${where}: step type has no config schema in STEP_CONFIGS` }];
  const parsed = STEP_CONFIGS[s.type].safeParse(s.config);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const field = ['config', ...issue.path.map(String)].join('.');
    return { path: `steps.${i}.${field}`, message: `${where}: ${field}: ${issue.message}` };
  });
}

/** A dependency cycle as a path of step ids, or undefined (depth-first search with colouring). */
function findCycle(p: PipelineDef): string[] | undefined {
  const deps = new Map(p.steps.map((s) => [s.id, s.depends_on.filter((d) => d !== s.id)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue;
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of deps.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** Steps whose dependencies are all among `done` and that are not yet started. */
export function readySteps(
  p: Pick<PipelineDef, 'steps'>,
  done: ReadonlySet<string>,
  started: ReadonlySet<string>,
) {
  return p.steps.filter((s) => !started.has(s.id) && s.depends_on.every((d) => done.has(d)));
}
