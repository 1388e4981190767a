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
