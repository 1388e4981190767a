import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Wraps and unwraps data keys: a local key-encryption key or Cloud KMS. */
export interface KeyWrapper {
  readonly scheme: 'local' | 'kms';
  wrap(dek: Buffer, aad: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer>;
}

export function aesGcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function aesGcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < 28) throw new Error('Ciphertext is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/**
 * Envelope encryption: a fresh 256-bit data key per value seals the value with AES-256-GCM, and the data key
 * is wrapped by the key wrapper. `aad` binds a ciphertext to its owner (e.g. org and credential id), so a
 * ciphertext copied to another row does not decrypt. Format: `v1.<scheme>.<b64 wrapped dek>.<b64 sealed>`.
 */
export async function sealEnvelope(w: KeyWrapper, plaintext: string, aad: string): Promise<string> {
  const dek = randomBytes(32);
  try {
    const ad = Buffer.from(aad, 'utf8');
    const sealed = aesGcmSeal(dek, Buffer.from(plaintext, 'utf8'), ad);
    const wrapped = await w.wrap(dek, ad);
    return ['v1', w.scheme, wrapped.toString('base64url'), sealed.toString('base64url')].join('.');
  } finally {
    dek.fill(0);
  }
}

export async function openEnvelope(w: KeyWrapper, envelope: string, aad: string): Promise<string> {
  const [version, scheme, wrapped, sealed, ...rest] = envelope.split('.');
  if (version !== 'v1' || !wrapped || !sealed || rest.length) throw new Error('Not a CloudAct envelope.');
  if (scheme !== w.scheme)
    throw new Error(`Envelope was sealed with ${scheme}, this process uses ${w.scheme}.`);
  const ad = Buffer.from(aad, 'utf8');
  const dek = await w.unwrap(Buffer.from(wrapped, 'base64url'), ad);
  try {
    return aesGcmOpen(dek, Buffer.from(sealed, 'base64url'), ad).toString('utf8');
  } finally {
    dek.fill(0);
  }
}
