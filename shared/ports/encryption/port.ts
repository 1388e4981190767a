import { openEnvelope, sealEnvelope, type KeyWrapper } from './envelope.js';

/** The encryption port: envelope encryption with a local AES-256-GCM key or Cloud KMS, same interface. */
export interface Encryption {
  readonly scheme: 'local' | 'kms';
  encrypt(plaintext: string, aad: string): Promise<string>;
  decrypt(envelope: string, aad: string): Promise<string>;
}

export interface EncryptionOptions {
  kind: 'local' | 'kms';
  /** Base64 32-byte key (local); when absent a key file under `keyFile` is created once. */
  localKey?: string;
  keyFile: string;
  kmsKeyName?: string;
}

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
