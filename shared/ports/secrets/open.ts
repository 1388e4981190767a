import type { Secrets, SecretsOptions } from './port.js';

/** Chooses the adapter from configuration; Secret Manager is loaded only when chosen. */
export async function openSecrets(options: SecretsOptions): Promise<Secrets> {
  if (options.kind === 'secret-manager') {
    if (!options.projectId) throw new Error('SECRETS=secret-manager needs GCP_PROJECT_ID.');
    const { secretManagerSecrets } = await import('./secret-manager.js');
    return secretManagerSecrets(options.projectId, options.suffix);
  }
  return { get: async (name) => options.env[name] };
}
