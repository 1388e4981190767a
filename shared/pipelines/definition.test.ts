import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP_CONFIGS } from '../contracts/steps.js';
import { validatePipelineYaml } from './definition.js';

const KNOWN = new Set(Object.keys(STEP_CONFIGS));
const files = (readdirSync('pipelines', { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yml'))
  .sort();
const awsBilling = readFileSync('pipelines/aws/cost/billing.yml', 'utf8');

describe('validatePipelineYaml: step configs', () => {
  it.each(files)('pipelines/%s is valid, configs included', (file) => {
    const id = file
      .split('\\')
      .join('/')
      .replace(/\.yml$/, '');
    const result = validatePipelineYaml(readFileSync(join('pipelines', file), 'utf8'), KNOWN, id);
    expect(result).toMatchObject({ ok: true });
  });

  it('refuses a misspelt provider, naming the pipeline, the step and the field', () => {
    const result = validatePipelineYaml(awsBilling.replace('provider: aws,', 'provider: awz,'), KNOWN);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      {
        path: 'steps.0.config.provider',
        message: expect.stringMatching(
          /^pipeline aws\/cost\/billing, step "extract" \(extract-cloud-billing\): config\.provider: .*"aws"/,
        ),
      },
    ]);
  });

  it('refuses an unknown config key and a format the provider does not have', () => {
    const yaml = awsBilling
      .replace('format: cur }', 'format: cur, bucket: x }')
      .replace('target: cost_data_standard_1_3', 'target: cost_data_standard_1_3\n      dry_run: true');
    const result = validatePipelineYaml(yaml, KNOWN);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['steps.0.config', 'steps.1.config']);
    expect(!result.ok && result.problems[0]!.message).toMatch(
      /step "extract" \(extract-cloud-billing\): config: .*"bucket"/,
    );
    const format = validatePipelineYaml(awsBilling.replace('format: cur', 'format: cost_report'), KNOWN);
    expect(!format.ok && format.problems).toEqual([
      {
        path: 'steps.0.config.format',
        message:
          'pipeline aws/cost/billing, step "extract" (extract-cloud-billing): config.format: unknown aws billing format "cost_report" (known: cur, focus, focus_commitment)',
      },
    ]);
  });

  it('refuses a known step type that has no config schema', () => {
    const yaml = 'id: acme/cost/daily\ndescription: x\nsteps:\n  - id: a\n    type: test-noop\n';
    const result = validatePipelineYaml(yaml, new Set([...KNOWN, 'test-noop']));
    expect(!result.ok && result.problems).toEqual([
      {
        path: 'steps.0.type',
        message:
          'pipeline acme/cost/daily, step "a" (test-noop): step type has no config schema in STEP_CONFIGS',
      },
    ]);
  });
});
