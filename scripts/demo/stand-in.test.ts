import { afterEach, describe, expect, it } from 'vitest';
import { epochSeconds } from './generator.js';
import { newDemoKeys, startStandIn, type StandIn } from './stand-in.js';

const ORIGIN = '2026-03-01';
const UNTIL = '2026-03-10';
let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const get = (url: string, key: string) => fetch(url, { headers: { authorization: `Bearer ${key}` } });

describe('the demo stand-in', () => {
  it("serves the demo's OpenAI usage for its key and refuses another key", async () => {
    const keys = newDemoKeys();
    standIn = await startStandIn(keys, 'seed', ORIGIN, UNTIL);
    const q = new URLSearchParams({
      start_time: String(epochSeconds(ORIGIN)),
      end_time: String(epochSeconds('2026-03-03')),
    });
    const url = `${standIn.endpoints.OPENAI_BASE_URL}/organization/usage/completions?${q}`;
    const ok = await get(url, keys.openai);
    expect(ok.status).toBe(200);
    const page = (await ok.json()) as { data: { start_time: number; results: unknown[] }[] };
    expect(page.data.map((b) => b.start_time)).toEqual([epochSeconds(ORIGIN), epochSeconds('2026-03-02')]);
    expect(page.data.every((b) => b.results.length > 0)).toBe(true);
    const refused = await get(url, newDemoKeys().openai);
    expect(refused.status).toBe(401);
  });

  it("accepts the demo's DeepSeek key (the integration usage imports are made for) and no other", async () => {
    const keys = newDemoKeys();
    expect(keys.deepseek).toMatch(/^sk-[0-9a-f]{32}$/);
    standIn = await startStandIn(keys, 'seed', ORIGIN, UNTIL);
    const models = `${standIn.endpoints.DEEPSEEK_BASE_URL}/models`;
    expect((await get(models, keys.deepseek!)).status).toBe(200);
    const refused = await get(models, newDemoKeys().deepseek!);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/is invalid/);
  });

  it('a demo created before the DeepSeek key leaves DEEPSEEK_BASE_URL to the real provider', async () => {
    const { deepseek: _, ...older } = newDemoKeys();
    standIn = await startStandIn(older, 'seed', ORIGIN, UNTIL);
    expect(Object.keys(standIn.endpoints)).not.toContain('DEEPSEEK_BASE_URL');
  });
});
