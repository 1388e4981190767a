import { describe, expect, it } from 'vitest';
import { checkTarget, embeddedIpv4, isLoopbackAddress, isPublicAddress, type Lookup } from './ssrf.js';

describe('isPublicAddress', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.1.2.3',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.255.0.9',
    '169.254.169.254',
    '169.254.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.10',
    '192.168.1.1',
    '198.18.0.1',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::127.0.0.1',
    'fe80::1',
    'febf::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'ff02::1',
    '2001:db8::1',
    '100::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:a00:1',
    '::ffff:192.168.0.1',
    '64:ff9b::a00:1',
    '64:ff9b::127.0.0.1',
    '2002:7f00:1::1',
    '2002:a9fe:a9fe::',
    'fe80::1%eth0',
    'not-an-ip',
  ])('refuses %s', (a) => expect(isPublicAddress(a)).toBe(false));

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '169.255.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('accepts %s', (a) => expect(isPublicAddress(a)).toBe(true));
});

describe('embeddedIpv4 / isLoopbackAddress', () => {
  it('finds the IPv4 address in mapped, NAT64 and 6to4 forms', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(embeddedIpv4('64:ff9b::c0a8:101')).toBe('192.168.1.1');
    expect(embeddedIpv4('2002:c0a8:101::5')).toBe('192.168.1.1');
    expect(embeddedIpv4('2606:4700::1')).toBeUndefined();
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['10.0.0.1', false],
    ['::2', false],
    ['8.8.8.8', false],
  ])('%s is loopback: %s', (a, expected) => expect(isLoopbackAddress(a)).toBe(expected));
});

const dns =
  (answers: Record<string, string[]>): Lookup =>
  async (host) => {
    const list = answers[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
const lookup = dns({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'internal.example.com': ['10.0.0.7'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.215.14', '192.168.0.10'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  localhost: ['::1', '127.0.0.1'],
});
const strict = { allowLoopback: false, lookup };
const loose = { allowLoopback: true, lookup };

describe('checkTarget', () => {
  it('accepts public https and pins the first checked address', async () => {
    const r = await checkTarget('https://hooks.example.com/services/T0/B0/secret-path', strict);
    expect(r).toEqual({
      ok: true,
      target: { url: expect.any(URL), address: '93.184.215.14', family: 4 },
    });
  });

  it.each([
    ['http://hooks.example.com/x', 'must use https'],
    ['ftp://hooks.example.com/x', 'must use https'],
    ['https://internal.example.com/x', 'not a public address'],
    ['https://metadata.example.com/latest', 'not a public address'],
    ['https://169.254.169.254/latest/meta-data', 'not a public address'],
    ['https://mixed.example.com/x', 'not a public address'],
    ['https://mapped.example.com/x', 'not a public address'],
    ['https://[::ffff:127.0.0.1]/x', 'not a public address'],
    ['https://[fd00::1]/x', 'not a public address'],
    ['https://2130706433/x', 'not a public address'], // 127.0.0.1 written as one number
    ['https://0x7f.1/x', 'not a public address'],
    ['https://localhost:8443/x', 'not a public address'],
    ['https://nowhere.example.com/x', 'does not resolve'],
    ['https://user:pass@hooks.example.com/x', 'must not contain credentials'],
    ['not a url', 'not a valid URL'],
  ])('refuses %s', async (url, reason) => {
    const r = await checkTarget(url, strict);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain(reason);
      expect(r.reason).not.toContain('/x'); // never the URL's path (Slack and Teams URLs are secrets)
    }
  });

  it('allows loopback (http or https) with ALLOW_LOOPBACK_WEBHOOKS, and nothing else private', async () => {
    expect((await checkTarget('http://127.0.0.1:9000/hook', loose)).ok).toBe(true);
    expect((await checkTarget('http://localhost:9000/hook', loose)).ok).toBe(true);
    expect((await checkTarget('https://[::1]:9000/hook', loose)).ok).toBe(true);
    expect((await checkTarget('http://127.0.0.1:9000/hook', strict)).ok).toBe(false);
    for (const url of [
      'http://10.0.0.7/x',
      'http://internal.example.com/x',
      'http://169.254.169.254/x',
      'http://hooks.example.com/x', // public, but plain http
      'http://mixed.example.com/x',
    ])
      expect((await checkTarget(url, loose)).ok, url).toBe(false);
  });
});
