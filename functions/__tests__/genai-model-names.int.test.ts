/**
 * One model, one name in the GenAI summary: FOCUS rows whose x_genai_model spells the same Claude model two ways
 * (`claude-3-5-sonnet` as imported, `claude-3.5-sonnet` as a cloud bill writes it) are written by the run-procedure
 * step under one canonical name (shared/genai/model-name.ts), so the summary by model shows it once.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { apiKey, runPipelineToCompletion } from './helpers.js';

const SAMPLE = 'sample/sp_sample_convert_to_focus.sql';
const MODEL = "CASE WHEN flow = 'genai' THEN service_name END AS x_genai_model,";

let p: TestPlatform;
beforeAll(async () => {
  // The sample pipeline's FOCUS procedure, writing its Anthropic rows' model in both spellings.
  const procedures = mkdtempSync(join(tmpdir(), 'cloudact-procedures-'));
  cpSync('procedures', procedures, { recursive: true });
  const sql = readFileSync(join(procedures, SAMPLE), 'utf8');
  expect(sql).toContain(MODEL);
  const bothSpellings = `CASE WHEN flow = 'genai' AND provider = 'anthropic' THEN
      (CASE WHEN sku_id LIKE '%/input' THEN 'claude-3-5-sonnet' ELSE 'Claude-3.5-Sonnet' END)
    WHEN flow = 'genai' THEN service_name END AS x_genai_model,`;
  writeFileSync(join(procedures, SAMPLE), sql.replace(MODEL, bothSpellings));
  p = await startTestPlatform({ PROCEDURES_DIR: procedures });
});
afterAll(() => p.close());

describe('GenAI model names', () => {
  it('a summary over both spellings of a model shows one model', async () => {
    const org = await p.onboard();
    await runPipelineToCompletion(p, org, 'sample/demo/costs', '2026-10-01', '2026-10-02');
    const res = await p.request(
      `/api/v1/genai/${org.org_slug}/costs/summary?start_date=2026-10-01&end_date=2026-10-02&group_by=model`,
      { headers: apiKey(org.api_key) },
    );
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { key: string | null }[] };
    expect(items.map((i) => i.key).sort()).toEqual(['claude-3.5-sonnet', 'gpt-4o']);
  });
});
