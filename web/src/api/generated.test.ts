import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApi, OPENAPI_FILE, SCHEMA_FILE } from '../../scripts/api.js';

describe('generated API types', () => {
  it('match the contracts (run `npm run web:api` after changing an HTTP contract)', async () => {
    const fresh = await generateApi();
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(fresh.openapi);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(fresh.schema);
  });
});
