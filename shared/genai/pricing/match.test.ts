import { describe, expect, it } from 'vitest';
import { matchModel, normaliseModel, normaliseProvider } from './match.js';

/** A lookup over a fixed set of `model` or `model@region` keys. */
const lookupOf = (...keys: string[]) => {
  const set = new Set(keys);
  return (model: string, region: string | undefined) => {
    const key = region ? `${model}@${region}` : model;
    return set.has(key) ? key : undefined;
  };
};

describe('normaliseModel', () => {
  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o-2024-08-06', 'gpt-4o', undefined],
    ['openai/GPT-4o', 'gpt-4o', 'gpt-4o', undefined],
    ['gpt-4-0613', 'gpt-4-0613', 'gpt-4', undefined],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet', undefined],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet-latest', 'claude-3-7-sonnet', undefined],
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet', 'claude-3-5-sonnet', undefined],
    ['claude-sonnet-4-0', 'claude-sonnet-4', 'claude-sonnet-4', undefined],
    [
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      'claude-3-5-sonnet-20241022',
      'claude-3-5-sonnet',
      undefined,
    ],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5', 'us'],
    [
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'claude-haiku-4-5-20251001',
      'claude-haiku-4-5',
      'global',
    ],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-opus-4-1-20250805-v1:0',
      'claude-opus-4-1-20250805',
      'claude-opus-4-1',
      'eu',
    ],
    [
      'publishers/anthropic/models/claude-3-5-sonnet-v2@20241022',
      'claude-3-5-sonnet-20241022',
      'claude-3-5-sonnet',
      undefined,
    ],
    [
      'projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro',
      'gemini-2.5-pro',
      'gemini-2.5-pro',
      undefined,
    ],
    ['claude-opus-4@20250514', 'claude-opus-4-20250514', 'claude-opus-4', undefined],
    ['claude-opus-4-1@default', 'claude-opus-4-1', 'claude-opus-4-1', undefined],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro', 'gemini-2.5-pro', undefined],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash-001', 'gemini-2.0-flash', undefined],
    ['azure/eu/gpt-4o-2024-08-06', 'gpt-4o-2024-08-06', 'gpt-4o', 'eu'],
    ['deepseek/deepseek-chat', 'deepseek-chat', 'deepseek-chat', undefined],
    ['ft:gpt-4o-mini-2024-07-18:acme:support:9xYz', 'ft:gpt-4o-mini-2024-07-18', 'ft:gpt-4o-mini', undefined],
  ])('%s → id %s, family %s, region %s', (raw, id, family, region) => {
    const n = normaliseModel(raw);
    expect({ id: n.id, family: n.family, region: n.region }).toEqual({ id, family, region });
  });

  it('tries a fine-tuned model as itself, its ft family, then its base model', () => {
    expect(normaliseModel('ft:gpt-4o-2024-08-06:org::abc').candidates).toEqual([
      'ft:gpt-4o-2024-08-06',
      'ft:gpt-4o',
      'gpt-4o-2024-08-06',
      'gpt-4o',
    ]);
    expect(normaliseModel('gpt-4o-mini-2024-07-18.ft-abc123').candidates[1]).toBe('ft:gpt-4o-mini');
  });

  it('does not strip version-like parts that name a different model', () => {
    expect(normaliseModel('deepseek-v3').family).toBe('deepseek-v3');
    expect(normaliseModel('gemini-2.5-flash-preview-05-20').family).toBe('gemini-2.5-flash-preview-05-20');
    expect(normaliseModel('gpt-4o-mini').family).toBe('gpt-4o-mini');
  });
});

describe('normaliseProvider', () => {
  it('maps aliases to the canonical provider ids', () => {
    expect(['azure_openai', 'AWS_Bedrock', 'gemini', 'vertex_ai', 'openai'].map(normaliseProvider)).toEqual([
      'azure',
      'bedrock',
      'google',
      'vertex',
      'openai',
    ]);
  });
});

describe('matchModel', () => {
  it('prefers the exact snapshot, then falls back to the family', () => {
    const lookup = lookupOf('gpt-4o', 'gpt-4o-2024-05-13');
    expect(matchModel('gpt-4o-2024-05-13', lookup)).toMatchObject({
      entry: 'gpt-4o-2024-05-13',
      matchedBy: 'exact',
    });
    expect(matchModel('gpt-4o-2024-08-06', lookup)).toMatchObject({ entry: 'gpt-4o', matchedBy: 'family' });
    expect(matchModel('openai/gpt-4o', lookup)).toMatchObject({ entry: 'gpt-4o', matchedBy: 'exact' });
  });

  it('never guesses across families', () => {
    const lookup = lookupOf('gpt-4o', 'claude-3-5-sonnet');
    expect(matchModel('gpt-4o-mini-2024-07-18', lookup)).toBeUndefined();
    expect(matchModel('gpt-4o-search-preview', lookup)).toBeUndefined();
    expect(matchModel('claude-3-5-haiku-20241022', lookup)).toBeUndefined();
    expect(matchModel('my-gpt-4o', lookup)).toBeUndefined();
  });

  it('uses a regional price when there is one, else the base price', () => {
    const lookup = lookupOf('claude-sonnet-4-5', 'claude-sonnet-4-5@us');
    const us = matchModel('us.anthropic.claude-sonnet-4-5-20250929-v1:0', lookup);
    expect(us).toMatchObject({ entry: 'claude-sonnet-4-5@us', region: 'us', matchedBy: 'family' });
    const apac = matchModel('apac.anthropic.claude-sonnet-4-5-20250929-v1:0', lookup);
    expect(apac).toMatchObject({ entry: 'claude-sonnet-4-5', matchedBy: 'family' });
    expect(apac?.region).toBeUndefined();
  });

  it('maps Azure deployment names through the credential alias map', () => {
    const lookup = lookupOf('gpt-4o', 'gpt-4o-mini@eu');
    const aliases = { 'Prod-Chat': 'gpt-4o-2024-08-06', 'cheap-eu': 'eu/gpt-4o-mini' };
    expect(matchModel('prod-chat', lookup, aliases)).toMatchObject({ entry: 'gpt-4o', matchedBy: 'alias' });
    expect(matchModel('cheap-eu', lookup, aliases)).toMatchObject({
      entry: 'gpt-4o-mini@eu',
      matchedBy: 'alias',
    });
    expect(matchModel('unknown-deployment', lookup, aliases)).toBeUndefined();
    expect(matchModel('gpt-4o', lookup, aliases)).toMatchObject({ matchedBy: 'exact' });
  });

  it('prices a fine-tuned model at its ft price when known, else at its base model', () => {
    expect(matchModel('ft:gpt-4o-2024-08-06:acme::x', lookupOf('gpt-4o', 'ft:gpt-4o'))?.entry).toBe(
      'ft:gpt-4o',
    );
    expect(matchModel('ft:gpt-4o-2024-08-06:acme::x', lookupOf('gpt-4o'))).toMatchObject({
      entry: 'gpt-4o',
      matchedBy: 'family',
    });
  });
});
