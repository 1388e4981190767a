import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_RUN_DAYS, RunStatusSchema, StepStatusSchema } from '../../../../shared/contracts/pipelines.js';
import {
  checkRunRange,
  costPageOf,
  dataThroughFor,
  filterLogLines,
  formatDuration,
  formatInstant,
  isTerminal,
  newlyCompleted,
  parseLogLines,
  pipelinePath,
  readiness,
  runsLeft,
  sortCatalogue,
  statusBadge,
  stepLayers,
  type Integration,
  type PipelineInfo,
  type Quota,
} from './model.js';
import { parsePipelinesSearch, RUN_STATUSES } from './search.js';

describe('statusBadge', () => {
  it('gives every run and step status of the contract its own word, tone and icon', () => {
    const expected: Record<string, [string, string, string]> = {
      PENDING: ['Pending', 'waiting', 'clock'],
      QUEUED: ['Queued', 'waiting', 'clock'],
      RUNNING: ['Running', 'progress', 'spinner'],
      COMPLETED: ['Completed', 'success', 'check'],
      SUCCEEDED: ['Succeeded', 'success', 'check'],
      FAILED: ['Failed', 'danger', 'alert'],
      SKIPPED: ['Skipped', 'muted', 'skip'],
      CANCELLED: ['Cancelled', 'muted', 'ban'],
    };
    const all = [...RunStatusSchema.options, ...StepStatusSchema.options];
    expect(new Set(all)).toEqual(new Set(Object.keys(expected)));
    for (const s of all) {
      const b = statusBadge(s);
      expect([b.label, b.tone, b.icon], s).toEqual(expected[s]);
    }
  });

  it('shows a status it does not know as its word, muted', () => {
    expect(statusBadge('PAUSED')).toEqual({ label: 'Paused', tone: 'muted', icon: 'clock' });
  });

  it('isTerminal: completed, failed and cancelled runs end; the rest are followed', () => {
    expect(RunStatusSchema.options.filter((s) => isTerminal(s))).toEqual([
      'COMPLETED',
      'FAILED',
      'CANCELLED',
    ]);
    expect(isTerminal(undefined)).toBe(false);
  });
});

describe('checkRunRange (as the API checks a run body)', () => {
  it('accepts a range up to MAX_RUN_DAYS days, one day included, with or without a credential', () => {
    expect(checkRunRange({ start_date: '2026-10-01', end_date: '2026-10-01' })).toEqual({
      ok: true,
      body: { start_date: '2026-10-01', end_date: '2026-10-01' },
    });
    const id = '6f1c2a0e-3b4d-4c5e-8f90-1a2b3c4d5e6f';
    const r = checkRunRange({ start_date: '2026-01-01', end_date: '2026-04-02', credential_id: id });
    expect(MAX_RUN_DAYS).toBe(92);
    expect(r).toEqual({
      ok: true,
      body: { start_date: '2026-01-01', end_date: '2026-04-02', credential_id: id },
    });
  });

  it('refuses a reversed or too long range on end_date, with the API message', () => {
    expect(checkRunRange({ start_date: '2026-10-02', end_date: '2026-10-01' })).toEqual({
      ok: false,
      errors: { end_date: 'end_date is before start_date.' },
    });
    expect(checkRunRange({ start_date: '2026-01-01', end_date: '2026-04-03' })).toEqual({
      ok: false,
      errors: { end_date: `The range has 93 days; at most ${MAX_RUN_DAYS} are allowed.` },
    });
  });

  it('refuses empty and impossible days on their own field', () => {
    const empty = checkRunRange({ start_date: '', end_date: '2026-10-01' });
    expect(empty.ok).toBe(false);
    expect(Object.keys(!empty.ok ? empty.errors : {})).toEqual(['start_date']);
    const bad = checkRunRange({ start_date: '2026-02-01', end_date: '2026-02-30' });
    expect(bad).toEqual({ ok: false, errors: { end_date: 'must be a real calendar date' } });
  });

  it('refuses a credential id that is not a uuid', () => {
    const r = checkRunRange({ start_date: '2026-10-01', end_date: '2026-10-02', credential_id: 'abc' });
    expect(r.ok).toBe(false);
    expect(Object.keys(!r.ok ? r.errors : {})).toEqual(['credential_id']);
  });
});

const pipeline = (id: string, requires: string | null): PipelineInfo => ({
  pipeline_id: id,
  description: id,
  requires_integration: requires,
  daily: false,
  steps: [],
});
const credential = (provider: string, status: 'VALID' | 'INVALID', id = `${provider}-${status}`) =>
  ({ credential_id: id, provider, status, name: id }) as Integration;

describe('readiness', () => {
  const creds = [
    credential('aws', 'VALID', 'a1'),
    credential('aws', 'VALID', 'a2'),
    credential('gcp', 'INVALID'),
  ];
  it('needs no integration, a valid credential of its provider (listing them), or says what is missing', () => {
    expect(readiness(pipeline('sample/demo/costs', null), creds)).toEqual({ kind: 'ready', credentials: [] });
    const aws = readiness(pipeline('aws/cost/billing', 'aws'), creds);
    expect(aws.kind === 'ready' && aws.credentials.map((c) => c.credential_id)).toEqual(['a1', 'a2']);
    expect(readiness(pipeline('gcp/cost/billing', 'gcp'), creds)).toEqual({
      kind: 'invalid',
      provider: 'gcp',
    });
    expect(readiness(pipeline('openai/genai/usage', 'openai'), creds)).toEqual({
      kind: 'missing',
      provider: 'openai',
    });
  });

  it('sorts the catalogue: ready, then invalid, then missing, each by id', () => {
    const rows = [
      pipeline('openai/genai/usage', 'openai'),
      pipeline('gcp/cost/billing', 'gcp'),
      pipeline('sample/demo/costs', null),
      pipeline('aws/cost/billing', 'aws'),
    ].map((p) => ({ pipeline: p, readiness: readiness(p, creds) }));
    expect(sortCatalogue(rows).map((r) => r.pipeline.pipeline_id)).toEqual([
      'aws/cost/billing',
      'sample/demo/costs',
      'gcp/cost/billing',
      'openai/genai/usage',
    ]);
  });
});

describe('runsLeft', () => {
  const quota = (daily: [number, number], monthly: [number, number], concurrent: [number, number]) =>
    ({
      daily: { used: daily[0], limit: daily[1], resets_at: '2026-12-08T00:00:00Z' },
      monthly: { used: monthly[0], limit: monthly[1], resets_at: '2027-01-01T00:00:00Z' },
      concurrent: { running: concurrent[0], limit: concurrent[1] },
    }) as Quota;
  it('is the least of what is left today, this month and in flight', () => {
    expect(runsLeft(quota([3, 10], [50, 300], [1, 3]))).toEqual({
      today: 7,
      month: 250,
      concurrent: 2,
      now: 2,
    });
    expect(runsLeft(quota([3, 10], [299, 300], [0, 3])).now).toBe(1);
  });
  it('never goes below 0 when usage passed the limit (a plan downgrade)', () => {
    expect(runsLeft(quota([12, 10], [50, 300], [4, 3]))).toEqual({
      today: 0,
      month: 250,
      concurrent: 0,
      now: 0,
    });
  });
});

describe('stepLayers', () => {
  const step = (step_id: string, depends_on: string[] = []) => ({ step_id, depends_on });
  it("puts each step one layer after its deepest dependency (the sample pipeline's shape)", () => {
    const layers = stepLayers([
      step('reconcile', ['allocate']),
      step('focus', ['cloud', 'genai']),
      step('genai'),
      step('allocate', ['focus']),
      step('cloud'),
    ]);
    expect(layers.map((l) => l.map((s) => s.step_id))).toEqual([
      ['cloud', 'genai'],
      ['focus'],
      ['allocate'],
      ['reconcile'],
    ]);
  });
  it('fans in at the deepest branch, ignores unknown dependencies and keeps a cycle in a last layer', () => {
    const layers = stepLayers([
      step('a'),
      step('b', ['a']),
      step('c', ['a', 'b', 'gone']),
      step('x', ['y']),
      step('y', ['x']),
    ]);
    expect(layers.map((l) => l.map((s) => s.step_id))).toEqual([['a'], ['b'], ['c'], ['x', 'y']]);
  });
});

describe('formatting', () => {
  it('formatDuration: tenths under 10 s, then minutes and hours; null without both ends', () => {
    expect(formatDuration('2026-12-07T10:00:00.000Z', '2026-12-07T10:00:01.250Z')).toBe('1.3 s');
    expect(formatDuration('2026-12-07T10:00:00Z', '2026-12-07T10:00:42Z')).toBe('42 s');
    expect(formatDuration('2026-12-07T10:00:00Z', '2026-12-07T10:03:05Z')).toBe('3 min 5 s');
    expect(formatDuration('2026-12-07T10:00:00Z', '2026-12-07T11:02:00Z')).toBe('1 h 2 min');
    expect(formatDuration('2026-12-07T10:00:00Z', null)).toBeNull();
    expect(formatDuration('2026-12-07T10:00:01Z', '2026-12-07T10:00:00Z')).toBeNull();
  });
  it('formatInstant shows UTC whatever the offset given', () => {
    expect(formatInstant('2026-12-07T11:41:05+02:00')).toBe('Dec 7, 2026, 9:41:05 AM UTC');
  });
  it('pipelinePath splits an id into the run route segments', () => {
    expect(pipelinePath('openai/genai/usage')).toEqual({
      provider: 'openai',
      domain: 'genai',
      pipeline: 'usage',
    });
  });
});

describe('costPageOf', () => {
  // The catalogue: every pipelines/{provider}/{domain}/{pipeline}.yml, so a new pipeline must be placed here.
  const catalogue = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? catalogue(join(dir, e.name), `${prefix}${e.name}/`)
        : /\.ya?ml$/.test(e.name)
          ? [`${prefix}${e.name.replace(/\.ya?ml$/, '')}`]
          : [],
    );
  const PIPELINES = fileURLToPath(new URL('../../../../pipelines', import.meta.url));

  it("names the page that shows each catalogue pipeline's data", () => {
    const ids = catalogue(PIPELINES).sort();
    expect(ids).toContain('hierarchy/cost/reallocate');
    const pages = Object.fromEntries(ids.map((id) => [id, costPageOf(id)]));
    expect(pages).toEqual({
      'anthropic/genai/usage': 'genai',
      'aws/cost/billing': 'cloud',
      'aws/cost/focus': 'cloud',
      'azure/cost/billing': 'cloud',
      'azure/cost/billing_amortized': 'cloud',
      'azure/cost/focus': 'cloud',
      'azure_openai/genai/usage': 'genai',
      'bedrock/genai/usage': 'genai',
      'deepseek/genai/usage': 'genai',
      'gcp/cost/billing': 'cloud',
      'gcp/cost/focus': 'cloud',
      'gemini/genai/usage': 'genai',
      'hierarchy/cost/reallocate': 'hierarchy',
      'oci/cost/billing': 'cloud',
      'oci/cost/billing_cost_report': 'cloud',
      'openai/genai/usage': 'genai',
      'saas/subscription/costs': 'subscriptions',
      'sample/demo/costs': 'dashboard',
      'vertex/genai/usage': 'genai',
    });
  });
});

describe('newlyCompleted', () => {
  it('names runs seen unfinished before and COMPLETED now, never ones first seen completed or failed', () => {
    const before = new Map([
      ['r1', 'RUNNING'],
      ['r2', 'PENDING'],
      ['r3', 'COMPLETED'],
      ['r4', 'RUNNING'],
    ]);
    const after = [
      { run_id: 'r1', status: 'COMPLETED' },
      { run_id: 'r2', status: 'RUNNING' },
      { run_id: 'r3', status: 'COMPLETED' },
      { run_id: 'r4', status: 'FAILED' },
      { run_id: 'r5', status: 'COMPLETED' },
    ];
    expect(newlyCompleted(before, after)).toEqual(['r1']);
  });
});

describe('the URL filters', () => {
  it('RUN_STATUSES are the contract statuses', () => {
    expect([...RUN_STATUSES]).toEqual(RunStatusSchema.options);
  });
  it('keeps a valid pipeline id and status, drops a bad value instead of failing', () => {
    expect(parsePipelinesSearch({ pipeline_id: 'sample/demo/costs', status: 'FAILED' })).toEqual({
      pipeline_id: 'sample/demo/costs',
      status: 'FAILED',
    });
    expect(parsePipelinesSearch({ pipeline_id: '../x', status: 'DONE' })).toEqual({
      pipeline_id: undefined,
      status: undefined,
    });
    expect(parsePipelinesSearch(undefined)).toEqual({ pipeline_id: undefined, status: undefined });
  });
});

describe('parseLogLines', () => {
  const ndjson = [
    JSON.stringify({
      run_id: 'r',
      kind: 'transition',
      step_id: null,
      from_status: null,
      to_status: 'PENDING',
      reason: 'manual',
      at: '2026-12-07T10:00:00.000Z',
    }),
    JSON.stringify({
      run_id: 'r',
      at: '2026-12-07T10:00:01.000Z',
      kind: 'log',
      step_id: 'cloud',
      attempt: 1,
      level: 'info',
      message: 'wrote rows',
      fields: { rows: 42 },
    }),
    JSON.stringify({
      run_id: 'r',
      kind: 'transition',
      step_id: 'cloud',
      from_status: 'RUNNING',
      to_status: 'SUCCEEDED',
      reason: null,
      at: '2026-12-07T10:00:02.000Z',
    }),
    '',
    'not json',
  ].join('\n');
  it('reads log and transition lines in order; a line that is not JSON keeps its text', () => {
    expect(parseLogLines(ndjson)).toEqual([
      {
        at: '2026-12-07T10:00:00.000Z',
        kind: 'transition',
        step_id: null,
        level: 'info',
        text: '— → PENDING (manual)',
      },
      {
        at: '2026-12-07T10:00:01.000Z',
        kind: 'log',
        step_id: 'cloud',
        level: 'info',
        text: 'attempt 1: wrote rows {"rows":42}',
      },
      {
        at: '2026-12-07T10:00:02.000Z',
        kind: 'transition',
        step_id: 'cloud',
        level: 'info',
        text: 'RUNNING → SUCCEEDED',
      },
      { at: '', kind: 'log', step_id: null, level: 'info', text: 'not json' },
    ]);
  });
  it('filters by step, by the run itself, or not at all', () => {
    const lines = parseLogLines(ndjson);
    expect(filterLogLines(lines, '')).toHaveLength(4);
    expect(filterLogLines(lines, 'cloud').map((l) => l.text)).toEqual([
      'attempt 1: wrote rows {"rows":42}',
      'RUNNING → SUCCEEDED',
    ]);
    expect(filterLogLines(lines, '-')).toHaveLength(2);
  });
});

describe('dataThroughFor', () => {
  const items = [
    { pipeline_id: 'aws/cost/billing', credential_id: 'a1', data_through: '2026-11-30' },
    { pipeline_id: 'aws/cost/billing', credential_id: 'a2', data_through: '2026-11-20' },
    { pipeline_id: 'openai/genai/usage', credential_id: 'o1', data_through: null },
    { pipeline_id: 'saas/subscription/costs', credential_id: null, data_through: '2026-12-06' },
  ];
  it("is the chosen credential's day, the earliest without a choice, null when one has no data or none ran", () => {
    expect(dataThroughFor(items, 'aws/cost/billing', 'a1')).toBe('2026-11-30');
    expect(dataThroughFor(items, 'aws/cost/billing')).toBe('2026-11-20');
    expect(dataThroughFor(items, 'saas/subscription/costs')).toBe('2026-12-06');
    expect(dataThroughFor(items, 'openai/genai/usage')).toBeNull();
    expect(dataThroughFor(items, 'sample/demo/costs')).toBeNull();
  });
});
