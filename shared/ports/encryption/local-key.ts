import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { aesGcmOpen, aesGcmSeal, type KeyWrapper } from './envelope.js';

/** Local key-encryption key: from CLOUDACT_ENCRYPTION_KEY, or a 0600 key file created on first use. */
export function localKeyWrapper(base64Key: string | undefined, keyFile: string): KeyWrapper {
  const kek = base64Key ? Buffer.from(base64Key, 'base64') : loadOrCreate(keyFile);
  if (kek.length !== 32) throw new Error('CLOUDACT_ENCRYPTION_KEY must be 32 bytes, base64-encoded.');
  return {
    scheme: 'local',
    wrap: async (dek, aad) => aesGcmSeal(kek, dek, aad),
    unwrap: async (wrapped, aad) => aesGcmOpen(kek, wrapped, aad),
  };
}

function loadOrCreate(file: string): Buffer {
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}
