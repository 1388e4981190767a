import { describe, expect, it } from 'vitest';
import { bucketOf, clientIpOf } from './rate-limit.js';

const xff = (value?: string) => new Headers(value === undefined ? {} : { 'x-forwarded-for': value });
const limits = { RATE_LIMIT_PER_MINUTE: 600, RATE_LIMIT_ANONYMOUS_PER_MINUTE: 60 };

describe('clientIpOf', () => {
  it('takes the address the load balancer appended before its own, never one the client wrote', () => {
    expect(clientIpOf(xff('203.0.113.7, 130.211.0.1'))).toBe('203.0.113.7');
    expect(clientIpOf(xff('1.1.1.1, 2.2.2.2, 203.0.113.7, 130.211.0.1'))).toBe('203.0.113.7');
    expect(clientIpOf(xff('  10.0.0.1 ,203.0.113.7 ,  130.211.0.1 '))).toBe('203.0.113.7');
  });

  it('is unknown without a load balancer entry or with a malformed one', () => {
    expect(clientIpOf(xff())).toBe('unknown');
    expect(clientIpOf(xff('203.0.113.7'))).toBe('unknown');
    expect(clientIpOf(xff('not-an-ip, 130.211.0.1'))).toBe('unknown');
    expect(clientIpOf(xff(', 130.211.0.1'))).toBe('unknown');
    expect(clientIpOf(xff('999.1.1.1, 130.211.0.1'))).toBe('unknown');
  });

  it('takes an IPv4-mapped IPv6 address (a dual-stack socket) as the IPv4 address', () => {
    expect(clientIpOf(xff('::ffff:127.0.0.1, ::ffff:127.0.0.1'))).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64, however it is written', () => {
    const net = '2001:db8:0:1::/64';
    expect(clientIpOf(xff('2001:db8:0:1::5, 2600:1900::1'))).toBe(net);
    expect(clientIpOf(xff('2001:0db8:0000:0001:ffff:ffff:ffff:ffff, 2600:1900::1'))).toBe(net);
    expect(clientIpOf(xff('[2001:db8:0:1:a:b:c:d], 2600:1900::1'))).toBe(net);
    expect(clientIpOf(xff('2001:db8:0:1::1.2.3.4, 2600:1900::1'))).toBe(net);
    expect(clientIpOf(xff('fe80::1%eth0, 2600:1900::1'))).toBe('fe80:0:0:0::/64');
    expect(clientIpOf(xff('::1, ::1'))).toBe('0:0:0:0::/64');
    expect(clientIpOf(xff('2001:db8:0:2::5, 2600:1900::1'))).not.toBe(net);
  });
});

describe('bucketOf', () => {
  const headers = xff('198.51.100.4, 130.211.0.1');

  it('counts an API key by its key id and a user by its user id, at the per-caller limit', () => {
    expect(bucketOf({ kind: 'apiKey', orgSlug: 'acme', keyId: 'k1' }, headers, limits)).toEqual({
      bucket: 'key:k1',
      limit: 600,
    });
    const user = { kind: 'user', userId: 'u1', email: undefined, emailVerified: false } as const;
    expect(bucketOf(user, headers, limits)).toEqual({ bucket: 'user:u1', limit: 600 });
  });

  it('counts an anonymous caller by its client IP at the anonymous limit, and never the root key', () => {
    expect(bucketOf(undefined, headers, limits)).toEqual({ bucket: 'ip:198.51.100.4', limit: 60 });
    expect(bucketOf({ kind: 'root' }, headers, limits)).toBeUndefined();
  });
});
