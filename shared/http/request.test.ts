import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { readJsonBody } from './request.js';

const post = (body: string, type = 'application/json') =>
  new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': type }, body });

async function refusal(body: string, type?: string): Promise<AppError> {
  const err = await readJsonBody(post(body, type), 1024 * 1024).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).kind).toBe('invalid');
  return err as AppError;
}

describe('readJsonBody', () => {
  it('refuses a NUL character in any string of the body, naming the field', async () => {
    const top = await refusal('{"name":"a\\u0000b"}');
    expect(top.message).toContain('body.name');
    expect(top.details).toEqual([expect.objectContaining({ field: 'body.name', code: 'nul_character' })]);
    const nested = await refusal('{"rows":[{"ok":"x"},{"model":"\\u0000"}]}');
    expect(nested.details).toEqual([expect.objectContaining({ field: 'body.rows.1.model' })]);
    const key = await refusal('{"tags":{"a\\u0000":"x"}}');
    expect(key.details).toEqual([expect.objectContaining({ field: 'body.tags' })]);
    expect((await refusal('"\\u0000"')).details).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('refuses a NUL character in a CSV body', async () => {
    expect((await refusal('name\na\u0000b\n', 'text/csv')).message).toContain('NUL');
  });

  it('refuses a body nested deeper than 64 levels, without overflowing the stack', async () => {
    for (const depth of [65, 10_000, 150_000]) {
      const err = await refusal('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
      expect(err.message).toContain('nested');
    }
    expect((await refusal('['.repeat(100_000) + ']'.repeat(100_000))).message).toContain('nested');
  });

  it('takes ordinary bodies, 64 levels deep included', async () => {
    const deep = '{"a":'.repeat(64) + '"x\\u0001 ü 🙂"' + '}'.repeat(64);
    const v = await readJsonBody(post(deep), 1024 * 1024);
    expect(JSON.stringify(v)).toContain('x\\u0001 ü 🙂');
    expect(await readJsonBody(post('{"n":[1,2,{"s":"ok"}]}'), 1024)).toEqual({ n: [1, 2, { s: 'ok' }] });
  });
});
