import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { cloudKmsWrapper } from './cloud-kms.js';
import { fromWrapper, openEncryption } from './open.js';
import type { EncryptionOptions } from './port.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudact-enc-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const localOptions = (overrides: Partial<EncryptionOptions> = {}): EncryptionOptions => ({
  kind: 'local',
  keyFile: join(tempDir(), 'keys', 'local-kek'),
  ...overrides,
});

const b64Key = (bytes = 32) => randomBytes(bytes).toString('base64');

/** Flips one byte of the sealed (last) part of a `v1.<scheme>.<wrapped>.<sealed>` envelope. */
function tamper(envelope: string, part: 2 | 3 = 3): string {
  const parts = envelope.split('.');
  const buf = Buffer.from(parts[part]!, 'base64url');
  buf[buf.length - 1] = buf[buf.length - 1]! ^ 0x01;
  parts[part] = buf.toString('base64url');
  return parts.join('.');
}

describe('local encryption adapter', () => {
  it.each([
    ['a key file', () => localOptions()],
    ['an explicit base64 key', () => localOptions({ localKey: b64Key() })],
  ])('round-trips a value with %s', async (_label, options) => {
    const enc = await openEncryption(options());
    expect(enc.scheme).toBe('local');
    const secret = 'sk-live-1234567890-ünïcödé';
    const envelope = await enc.encrypt(secret, 'org_a/cred_1');
    expect(envelope.startsWith('v1.local.')).toBe(true);
    expect(await enc.decrypt(envelope, 'org_a/cred_1')).toBe(secret);
  });

  it('never puts the plaintext (or its base64) in the envelope, and seals the same value differently each time', async () => {
    const enc = await openEncryption(localOptions({ localKey: b64Key() }));
    const secret = 'plaintext-provider-api-key-value';
    const a = await enc.encrypt(secret, 'aad');
    const b = await enc.encrypt(secret, 'aad');
    for (const env of [a, b]) {
      expect(env).not.toContain(secret);
      expect(env).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 16));
      expect(env).not.toContain(Buffer.from(secret).toString('base64').slice(0, 16));
    }
    expect(a).not.toBe(b);
  });

  it('refuses to decrypt with a different aad (ciphertext moved to another row)', async () => {
    const enc = await openEncryption(localOptions({ localKey: b64Key() }));
    const envelope = await enc.encrypt('value', 'org_a/cred_1');
    await expect(enc.decrypt(envelope, 'org_b/cred_1')).rejects.toThrow();
  });

  it('refuses a tampered sealed value or wrapped key', async () => {
    const enc = await openEncryption(localOptions({ localKey: b64Key() }));
    const envelope = await enc.encrypt('value', 'aad');
    await expect(enc.decrypt(tamper(envelope, 3), 'aad')).rejects.toThrow();
    await expect(enc.decrypt(tamper(envelope, 2), 'aad')).rejects.toThrow();
  });

  it('rejects strings that are not envelopes', async () => {
    const enc = await openEncryption(localOptions({ localKey: b64Key() }));
    await expect(enc.decrypt('not-an-envelope', 'aad')).rejects.toThrow(/Not a CloudAct envelope/);
    await expect(enc.decrypt('v2.local.aaaa.bbbb', 'aad')).rejects.toThrow(/Not a CloudAct envelope/);
  });

  it('creates the key file once with mode 0600 and reuses it across instances', async () => {
    const options = localOptions();
    expect(existsSync(options.keyFile)).toBe(false);
    const first = await openEncryption(options);
    expect(existsSync(options.keyFile)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(options.keyFile).mode & 0o777).toBe(0o600);
    const keyBefore = readFileSync(options.keyFile, 'utf8');
    expect(Buffer.from(keyBefore.trim(), 'base64')).toHaveLength(32);

    const envelope = await first.encrypt('shared secret', 'aad');
    const second = await openEncryption(options);
    expect(readFileSync(options.keyFile, 'utf8')).toBe(keyBefore);
    expect(await second.decrypt(envelope, 'aad')).toBe('shared secret');
  });

  it('a different key cannot open the envelope', async () => {
    const a = await openEncryption(localOptions({ localKey: b64Key() }));
    const b = await openEncryption(localOptions({ localKey: b64Key() }));
    const envelope = await a.encrypt('value', 'aad');
    await expect(b.decrypt(envelope, 'aad')).rejects.toThrow();
  });

  it('rejects an explicit key that is not 32 bytes', async () => {
    await expect(openEncryption(localOptions({ localKey: b64Key(16) }))).rejects.toThrow(/32 bytes/);
    await expect(openEncryption(localOptions({ localKey: b64Key(33) }))).rejects.toThrow(/32 bytes/);
  });

  it('rejects a key file that does not hold 32 bytes', async () => {
    const keyFile = join(tempDir(), 'short-kek');
    writeFileSync(keyFile, b64Key(8));
    await expect(openEncryption(localOptions({ keyFile }))).rejects.toThrow(/32 bytes/);
  });
});

type KmsRequest = {
  name?: unknown;
  plaintext?: unknown;
  ciphertext?: unknown;
  additionalAuthenticatedData?: unknown;
};

/** A stand-in for Cloud KMS: AES-256-GCM under an in-test key, recording every request. */
function fakeKms(overrides: { keyName?: string } = {}) {
  const kek = randomBytes(32);
  const calls: { method: 'encrypt' | 'decrypt'; request: KmsRequest }[] = [];
  const keyName = overrides.keyName ?? 'projects/p/locations/global/keyRings/r/cryptoKeys/k';
  const client = {
    async encrypt(request: KmsRequest) {
      calls.push({ method: 'encrypt', request });
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', kek, iv);
      c.setAAD(Buffer.from(request.additionalAuthenticatedData as Uint8Array));
      const body = Buffer.concat([c.update(request.plaintext as Uint8Array), c.final()]);
      return [{ ciphertext: Buffer.concat([iv, c.getAuthTag(), body]) }];
    },
    async decrypt(request: KmsRequest) {
      calls.push({ method: 'decrypt', request });
      const buf = Buffer.from(request.ciphertext as Uint8Array);
      const d = createDecipheriv('aes-256-gcm', kek, buf.subarray(0, 12));
      d.setAAD(Buffer.from(request.additionalAuthenticatedData as Uint8Array));
      d.setAuthTag(buf.subarray(12, 28));
      return [{ plaintext: Buffer.concat([d.update(buf.subarray(28)), d.final()]) }];
    },
  };
  return {
    keyName,
    calls,
    client: client as unknown as Pick<KeyManagementServiceClient, 'encrypt' | 'decrypt'>,
  };
}

describe('Cloud KMS encryption adapter', () => {
  it('round-trips through fromWrapper, passing the key name and aad to KMS', async () => {
    const kms = fakeKms();
    const enc = fromWrapper(cloudKmsWrapper(kms.keyName, kms.client));
    expect(enc.scheme).toBe('kms');

    const envelope = await enc.encrypt('provider key', 'org_a/cred_9');
    expect(envelope.startsWith('v1.kms.')).toBe(true);
    expect(envelope).not.toContain('provider key');
    expect(await enc.decrypt(envelope, 'org_a/cred_9')).toBe('provider key');

    expect(kms.calls.map((c) => c.method)).toEqual(['encrypt', 'decrypt']);
    for (const { request } of kms.calls) {
      expect(request.name).toBe(kms.keyName);
      expect(Buffer.from(request.additionalAuthenticatedData as Uint8Array).toString('utf8')).toBe(
        'org_a/cred_9',
      );
    }
    // KMS wraps only the 32-byte data key, never sees the value.
    expect(Buffer.from(kms.calls[0]!.request.plaintext as Uint8Array)).toHaveLength(32);
  });

  it('fails when the aad differs (KMS refuses to unwrap)', async () => {
    const kms = fakeKms();
    const enc = fromWrapper(cloudKmsWrapper(kms.keyName, kms.client));
    const envelope = await enc.encrypt('provider key', 'org_a/cred_9');
    await expect(enc.decrypt(envelope, 'org_b/cred_9')).rejects.toThrow();
  });

  it('reports an empty KMS response instead of returning an empty key', async () => {
    const client = {
      encrypt: async () => [{}],
      decrypt: async () => [{}],
    } as unknown as Pick<KeyManagementServiceClient, 'encrypt' | 'decrypt'>;
    const enc = fromWrapper(cloudKmsWrapper('k', client));
    await expect(enc.encrypt('x', 'aad')).rejects.toThrow(/no ciphertext/);
  });

  it('refuses an envelope sealed with the other scheme, naming both', async () => {
    const local = await openEncryption(localOptions({ localKey: b64Key() }));
    const kms = fakeKms();
    const cloud = fromWrapper(cloudKmsWrapper(kms.keyName, kms.client));

    const sealedLocally = await local.encrypt('value', 'aad');
    await expect(cloud.decrypt(sealedLocally, 'aad')).rejects.toThrow(
      'Envelope was sealed with local, this process uses kms.',
    );
    expect(kms.calls).toHaveLength(0);

    const sealedWithKms = await cloud.encrypt('value', 'aad');
    await expect(local.decrypt(sealedWithKms, 'aad')).rejects.toThrow(
      'Envelope was sealed with kms, this process uses local.',
    );
  });

  it('openEncryption with kind kms requires a key name', async () => {
    await expect(openEncryption(localOptions({ kind: 'kms' }))).rejects.toThrow(/KMS_KEY_NAME/);
  });
});
