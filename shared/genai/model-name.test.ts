import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { canonicalModelName, canonicalModelNameSql, MODEL_NAME_PARAMS } from './model-name.js';

const CASES: [string | null, string | null][] = [
  ['claude-3-5-sonnet', 'claude-3.5-sonnet'],
  ['claude-3.5-sonnet', 'claude-3.5-sonnet'],
  [' Claude-3-5-Sonnet ', 'claude-3.5-sonnet'],
  ['claude-3-5-sonnet-20241022', 'claude-3.5-sonnet-20241022'],
  ['claude-sonnet-4-5', 'claude-sonnet-4.5'],
  ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5-20250929'],
  ['claude-opus-4-1', 'claude-opus-4.1'],
  ['claude-3-haiku', 'claude-3-haiku'],
  ['claude-sonnet-4-20250514', 'claude-sonnet-4-20250514'],
  ['claude-3-opus-20240229', 'claude-3-opus-20240229'],
  ['gpt-4o-2024-08-06', 'gpt-4o-2024-08-06'],
  ['gpt-4.1', 'gpt-4.1'],
  ['gemini-2.5-pro', 'gemini-2.5-pro'],
  ['titan-embeddings-g1-text', 'titan-embeddings-g1-text'],
  ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
  [null, null],
];

let wh: Warehouse;
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
});
afterAll(() => wh.close());

describe('canonicalModelName', () => {
  it.each(CASES)('%s -> %s', (name, canonical) => {
    expect(canonicalModelName(name)).toBe(canonical);
  });

  it('gives the same names in SQL as in TypeScript', async () => {
    for (const [name, canonical] of CASES) {
      const [row] = await wh.query<{ m: string | null }>(
        `SELECT ${canonicalModelNameSql('CAST(@name AS STRING)')} AS m`,
        { ...MODEL_NAME_PARAMS, name },
      );
      expect(row!.m, String(name)).toBe(canonical);
    }
  });
});
