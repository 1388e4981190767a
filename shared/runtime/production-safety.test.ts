import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { productionProblems } from './production-safety.js';

const secrets = (root?: string) => ({ get: async () => root });
const prod = (env: Record<string, string> = {}) => parseConfig({ ENVIRONMENT: 'production', ...env });

describe('productionProblems', () => {
  it('accepts a strong key with auth on and no local identity', async () => {
    expect(await productionProblems(prod(), secrets('k'.repeat(16) + 'Zq8#x!vB2mT9pL4w'))).toEqual([]);
  });

  it.each([
    ['missing', undefined, /not set/],
    ['short', 'abc123', /at least 32/],
    ['default', 'test-admin-key'.padEnd(32, 'x').slice(0, 14), /at least 32/],
    ['trivial', 'a'.repeat(40), /default or trivial/],
  ])('rejects a %s root key', async (_, key, message) => {
    const problems = await productionProblems(prod(), secrets(key));
    expect(problems.join('\n')).toMatch(message);
    expect(problems.join('\n')).toContain('CA_ROOT_API_KEY');
  });

  it('rejects DISABLE_AUTH and LOCAL_IDENTITY', async () => {
    const problems = await productionProblems(
      prod({ DISABLE_AUTH: 'true', LOCAL_IDENTITY: 'true' }),
      secrets('x'.repeat(20) + 'Yb7#k2LmQ9zR'),
    );
    expect(problems.join('\n')).toContain('DISABLE_AUTH');
    expect(problems.join('\n')).toContain('LOCAL_IDENTITY');
  });

  it('rejects RATE_LIMIT_ENABLED=false', async () => {
    const strong = secrets('x'.repeat(20) + 'Yb7#k2LmQ9zR');
    const problems = await productionProblems(prod({ RATE_LIMIT_ENABLED: 'false' }), strong);
    expect(problems).toEqual([expect.stringContaining('RATE_LIMIT_ENABLED')]);
    expect(await productionProblems(prod({ RATE_LIMIT_ENABLED: 'true' }), strong)).toEqual([]);
  });

  it('rejects ALLOW_LOOPBACK_WEBHOOKS=true', async () => {
    const strong = secrets('x'.repeat(20) + 'Yb7#k2LmQ9zR');
    const problems = await productionProblems(prod({ ALLOW_LOOPBACK_WEBHOOKS: 'true' }), strong);
    expect(problems).toEqual([expect.stringContaining('ALLOW_LOOPBACK_WEBHOOKS')]);
    expect(await productionProblems(parseConfig({ ALLOW_LOOPBACK_WEBHOOKS: 'true' }), strong)).toEqual([]);
  });

  it('does not apply outside production', async () => {
    expect(await productionProblems(parseConfig({ DISABLE_AUTH: 'true' }), secrets('short'))).toEqual([]);
  });
});
