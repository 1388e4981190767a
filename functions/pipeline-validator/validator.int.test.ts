import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { apiKey } from '../__tests__/helpers.js';
import { STEP_CONFIGS } from '../../shared/contracts/steps.js';
import { stepTypes } from '../registry.js';

let p: TestPlatform;
let org: { org_slug: string; api_key: string };
beforeAll(async () => {
  p = await startTestPlatform();
  org = await p.onboard();
});
afterAll(() => p.close());

async function validate(yaml: string, path?: string) {
  const res = await p.request('/api/v1/validator/validate', {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { yaml, ...(path ? { path } : {}) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    valid: boolean;
    pipeline_id: string | null;
    problems: { path: string; message: string }[];
  };
}

const pipeline = (steps: string, extra = '') =>
  `id: acme/cost/daily\ndescription: test\n${extra}steps:\n${steps}`;
/** A dq-check config that is valid. */
const checks =
  '    config: { checks: [{ kind: row_count_min, name: rows, table: cost_data_standard_1_3, min: 1 }] }\n';

describe('pipeline validator', () => {
  it('lists the pipelines the platform can run', async () => {
    const res = await p.request('/api/v1/validator/pipelines', { headers: apiKey(org.api_key) });
    const { items } = (await res.json()) as {
      items: { pipeline_id: string; steps: { step_id: string }[] }[];
    };
    expect(items.find((i) => i.pipeline_id === 'sample/demo/costs')?.steps.map((s) => s.step_id)).toEqual([
      'cloud',
      'genai',
      'focus',
      'allocate',
      'reconcile',
    ]);
  });

  it('accepts a valid pipeline', async () => {
    const r = await validate(
      pipeline(
        '  - id: a\n    type: generate-sample\n    config: { flow: cloud }\n  - id: b\n    type: dq-check\n    depends_on: [a]\n' +
          checks,
      ),
    );
    expect(r).toEqual({ valid: true, pipeline_id: 'acme/cost/daily', problems: [] });
  });

  it.each([
    [
      'an unknown step type',
      pipeline('  - id: a\n    type: extract-mainframe\n'),
      'steps.0.type',
      /unknown step type "extract-mainframe"/,
    ],
    [
      'a missing dependency',
      pipeline('  - id: a\n    type: generate-sample\n    depends_on: [ghost]\n'),
      'steps.0.depends_on.0',
      /missing step "ghost"/,
    ],
    [
      'a dependency cycle',
      pipeline(
        '  - id: a\n    type: dq-check\n    depends_on: [c]\n  - id: b\n    type: dq-check\n    depends_on: [a]\n  - id: c\n    type: dq-check\n    depends_on: [b]\n',
      ),
      'steps',
      /dependency cycle: a -> c -> b -> a/,
    ],
    [
      'a bad cron',
      pipeline('  - id: a\n    type: dq-check\n', 'schedule: { daily: true, cron: "61 * * * *" }\n'),
      'schedule.cron',
      /bad cron "61 \* \* \* \*"/,
    ],
    [
      'a duplicate step id',
      pipeline('  - id: a\n    type: dq-check\n  - id: a\n    type: dq-check\n'),
      'steps.1.id',
      /duplicate step id "a"/,
    ],
    ['an unknown field', pipeline('  - id: a\n    type: dq-check\n    retry: 3\n'), 'steps.0', /retry/],
    [
      'a wrong type',
      pipeline('  - id: a\n    type: dq-check\n    timeout: soon\n'),
      'steps.0.timeout',
      /number/,
    ],
    ['no steps', 'id: acme/cost/daily\ndescription: test\nsteps: []\n', 'steps', /at least 1|>=1/i],
    [
      'a bad id',
      pipeline('  - id: a\n    type: dq-check\n').replace('acme/cost/daily', 'Acme Cost'),
      'id',
      /provider\/domain\/pipeline/,
    ],
    ['broken YAML', 'id: [unclosed\n', 'line', /Not valid YAML/],
    [
      'a misspelt provider in a step config',
      pipeline('  - id: x\n    type: extract-cloud-billing\n    config: { provider: awz, format: cur }\n'),
      'steps.0.config.provider',
      /^pipeline acme\/cost\/daily, step "x" \(extract-cloud-billing\): config\.provider: .*"aws"/,
    ],
    [
      'an unknown step config key',
      pipeline('  - id: x\n    type: generate-sample\n    config: { flow: cloud, rows: 3 }\n'),
      'steps.0.config',
      /step "x" \(generate-sample\): config: .*"rows"/,
    ],
    [
      'a missing step config',
      pipeline('  - id: x\n    type: dq-check\n'),
      'steps.0.config.checks',
      /step "x" \(dq-check\): config\.checks: /,
    ],
  ])('rejects %s, naming the problem', async (_, yaml, path, message) => {
    const r = await validate(yaml);
    expect(r.valid).toBe(false);
    const hit = r.problems.find((x) => x.path.startsWith(path) && message.test(x.message));
    expect(hit, JSON.stringify(r.problems)).toBeTruthy();
  });

  it('knows the config schema of every step function the registry has', () => {
    expect([...stepTypes].sort()).toEqual(Object.keys(STEP_CONFIGS).sort());
  });

  it('checks the id against the path the file would live at', async () => {
    const r = await validate(pipeline(`  - id: a\n    type: dq-check\n${checks}`), 'acme/cost/hourly');
    expect(r.problems).toEqual([
      { path: 'id', message: 'id acme/cost/daily does not match its file path acme/cost/hourly' },
    ]);
  });
});
