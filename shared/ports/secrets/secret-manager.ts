import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { SecretName, Secrets } from './port.js';

const TTL_MS = 5 * 60_000;

/** Reads `projects/<p>/secrets/<name>-<suffix>/versions/latest`, cached per instance for five minutes. */
export function secretManagerSecrets(
  projectId: string,
  suffix: string,
  client: Pick<SecretManagerServiceClient, 'accessSecretVersion'> = new SecretManagerServiceClient(),
): Secrets {
  const cache = new Map<SecretName, { value: string | undefined; at: number }>();
  return {
    async get(name) {
      const hit = cache.get(name);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
      try {
        const [version] = await client.accessSecretVersion({
          name: `projects/${projectId}/secrets/${name}-${suffix}/versions/latest`,
        });
        const data = version.payload?.data;
        const value =
          data === undefined || data === null ? undefined : Buffer.from(data as Uint8Array).toString('utf8');
        cache.set(name, { value, at: Date.now() });
        return value;
      } catch (err) {
        // NOT_FOUND (gRPC code 5) means the secret is not configured; anything else is a real failure.
        if ((err as { code?: number }).code === 5) return undefined;
        throw err;
      }
    },
  };
}
