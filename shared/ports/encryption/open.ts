import { openEnvelope, sealEnvelope, type KeyWrapper } from './envelope.js';
import type { Encryption, EncryptionOptions } from './port.js';

/** An Encryption over a key wrapper (local AES key or Cloud KMS): envelope encryption either way. */
export function fromWrapper(w: KeyWrapper): Encryption {
  return {
    scheme: w.scheme,
    encrypt: (plaintext, aad) => sealEnvelope(w, plaintext, aad),
    decrypt: (envelope, aad) => openEnvelope(w, envelope, aad),
  };
}

/** Chooses the adapter from configuration; Cloud KMS is loaded only when chosen. */
export async function openEncryption(options: EncryptionOptions): Promise<Encryption> {
  if (options.kind === 'kms') {
    if (!options.kmsKeyName)
      throw new Error('ENCRYPTION=kms needs KMS_KEY_NAME (projects/.../cryptoKeys/...).');
    const { cloudKmsWrapper } = await import('./cloud-kms.js');
    return fromWrapper(cloudKmsWrapper(options.kmsKeyName));
  }
  const { localKeyWrapper } = await import('./local-key.js');
  return fromWrapper(localKeyWrapper(options.localKey, options.keyFile));
}
