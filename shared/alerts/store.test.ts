import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { CreateAlertBodySchema } from '../contracts/alerts.js';
import { definitionOf } from './store.js';

const CHANNEL = '6f1c2b1e-8c1e-4a5e-9a62-0a8f3c2d9b11';
const define = (body: Record<string, unknown>) => definitionOf(CreateAlertBodySchema.parse(body));

/** The fields a refused definition names. */
function refusal(body: Record<string, unknown>): string[] {
  try {
    define(body);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('invalid');
    return ((err as AppError).details as { field: string }[]).map((d) => d.field);
  }
  throw new Error('accepted');
}

describe('definitionOf', () => {
  it('takes a whole body as it is; a forecast is of the month', () => {
    const body = {
      name: 'B',
      kind: 'cost_threshold',
      period: 'week',
      threshold: 10.5,
      channel_ids: [CHANNEL],
    };
    expect(define(body)).toEqual({ definition: body, preset: null });
    expect(define({ name: 'F', kind: 'forecast', threshold: 9, channel_ids: [] }).definition.period).toBe(
      'month',
    );
  });

  it("fills what the body leaves out from the preset; the body's fields win, scope key by key", () => {
    const { definition, preset } = define({
      preset: 'genai-daily-spend',
      threshold: 250,
      severity: 'critical',
      scope: { provider: 'openai' },
      channel_ids: [CHANNEL],
    });
    expect(preset).toBe('genai-daily-spend');
    expect(definition).toEqual({
      name: 'GenAI daily spend',
      kind: 'cost_threshold',
      period: 'day',
      threshold: 250,
      scope: { cost_type: 'genai', provider: 'openai' },
      severity: 'critical',
      channel_ids: [CHANNEL],
    });
    expect(
      define({ preset: 'daily-spike', percent: 20, name: 'Mine', channel_ids: [] }).definition,
    ).toMatchObject({
      name: 'Mine',
      percent: 20,
      period: 'day',
    });
  });

  it('refuses an unknown preset, and a preset without the threshold it needs, naming the field', () => {
    expect(refusal({ preset: 'nope', channel_ids: [] })).toEqual(['body.preset']);
    expect(refusal({ preset: 'monthly-budget', channel_ids: [] })).toEqual(['body.threshold']);
    expect(refusal({ preset: 'month-end-forecast', channel_ids: [] })).toEqual(['body.threshold']);
    expect(refusal({ preset: 'stale-data', threshold: 5, channel_ids: [] })).toEqual(['body.threshold']);
    expect(refusal({ preset: 'daily-spike', period: 'month', days: 2, channel_ids: [] })).toEqual([
      'body.days',
    ]);
  });
});
