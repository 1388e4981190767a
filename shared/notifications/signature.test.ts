import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './signature.js';

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> (a vector computed with Python hmac)', () => {
    expect(signWebhook('whsec-test-secret', '1765000000', '{"event":"test"}')).toBe(
      'sha256=a31cd0dc14e81d16ee4b5f24bb3c0be263883ca46acab5ee5b89705d8a26251b',
    );
  });

  it('verifies the exact body and timestamp only', () => {
    const secret = newWebhookSecret();
    const sig = signWebhook(secret, '1765000000', '{"a":1}');
    expect(verifyWebhookSignature(secret, '1765000000', '{"a":1}', sig)).toBe(true);
    expect(verifyWebhookSignature(secret, '1765000000', '{"a":2}', sig)).toBe(false);
    expect(verifyWebhookSignature(secret, '1765000001', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature(newWebhookSecret(), '1765000000', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature(secret, '1765000000', '{"a":1}', 'sha256=00')).toBe(false);
  });

  it('makes 32-byte base64url secrets, a new one each time', () => {
    const a = newWebhookSecret();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
