import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A webhook channel's signing secret: 32 random bytes, base64url. */
export const newWebhookSecret = () => randomBytes(32).toString('base64url');

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the X-CloudAct-Signature header. */
export const signWebhook = (secret: string, timestamp: string, rawBody: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

/** What a receiver does: recompute the signature over the raw body and compare in constant time. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  rawBody: string,
  header: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
