import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import type * as Passwords from '../../shared/identity/passwords.js';

// Counts the password checks the local identity runs (the real scrypt still runs).
const checks = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../shared/identity/passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof Passwords>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      checks.n++;
      return real.verifyPassword(password, stored);
    },
  };
});

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const signIn = (email: string, password: string) =>
  p.request('/auth/v1/token?grant_type=password', { method: 'POST', json: { email, password } });

describe('password sign-in does the same work for known and unknown emails', () => {
  it('runs the password hash for an unknown email and answers as for a wrong password', async () => {
    await p.request('/auth/v1/signup', {
      method: 'POST',
      json: { email: 'known@work.test', password: 'pw-123456' },
    });
    checks.n = 0;
    const wrong = await signIn('known@work.test', 'not-it');
    expect(checks.n).toBe(1);
    const unknown = await signIn('nobody@work.test', 'not-it');
    expect(checks.n).toBe(2);
    expect(unknown.status).toBe(wrong.status);
    expect(await unknown.json()).toEqual(await wrong.json());
  });
});
