import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwks: JSONWebKeySet;
}

const cache = new Map<string, Promise<SigningKey>>();

/** The local identity's ES256 key pair, created once under the data dir (0600), like a Supabase signing key. */
export function loadSigningKey(file: string): Promise<SigningKey> {
  let p = cache.get(file);
  if (!p) {
    p = load(file);
    cache.set(file, p);
  }
  return p;
}

async function load(file: string): Promise<SigningKey> {
  let jwk: JWK;
  if (existsSync(file)) {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const { d: _d, ...pub } = jwk;
  return {
    kid: String(jwk.kid),
    privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey,
    jwks: { keys: [{ ...pub, key_ops: ['verify'] }] },
  };
}
