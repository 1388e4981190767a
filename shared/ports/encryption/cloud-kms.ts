import { KeyManagementServiceClient } from '@google-cloud/kms';
import type { KeyWrapper } from './envelope.js';

let client: KeyManagementServiceClient | undefined;

/** Cloud KMS wraps each data key (AES-256 symmetric key); the client is created once per instance. */
export function cloudKmsWrapper(
  keyName: string,
  kms?: Pick<KeyManagementServiceClient, 'encrypt' | 'decrypt'>,
): KeyWrapper {
  const c = () => kms ?? (client ??= new KeyManagementServiceClient());
  return {
    scheme: 'kms',
    async wrap(dek, aad) {
      const [res] = await c().encrypt({ name: keyName, plaintext: dek, additionalAuthenticatedData: aad });
      if (!res.ciphertext) throw new Error('Cloud KMS returned no ciphertext.');
      return Buffer.from(res.ciphertext as Uint8Array);
    },
    async unwrap(wrapped, aad) {
      const [res] = await c().decrypt({
        name: keyName,
        ciphertext: wrapped,
        additionalAuthenticatedData: aad,
      });
      if (!res.plaintext) throw new Error('Cloud KMS returned no plaintext.');
      return Buffer.from(res.plaintext as Uint8Array);
    },
  };
}
