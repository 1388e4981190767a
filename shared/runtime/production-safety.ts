import type { Config } from '../config/config.js';
import type { Secrets } from '../ports/secrets/port.js';

/** Root keys that appear in docs and examples; never acceptable in production. */
const DEFAULT_ROOT_KEYS = new Set([
  'test-admin-key',
  'changeme',
  'change-me',
  'admin',
  'root',
  'secret',
  'local-root-key',
]);
export const MIN_ROOT_KEY_LENGTH = 32;

/** Every reason this configuration must not serve production traffic; empty when it may. */
export async function productionProblems(config: Config, secrets: Secrets): Promise<string[]> {
  if (config.ENVIRONMENT !== 'production') return [];
  const problems: string[] = [];
  const root = await secrets.get('ca-root-api-key');
  if (!root) problems.push('CA_ROOT_API_KEY is not set (or the ca-root-api-key secret is missing).');
  else if (root.length < MIN_ROOT_KEY_LENGTH)
    problems.push(
      `CA_ROOT_API_KEY is ${root.length} characters; production needs at least ${MIN_ROOT_KEY_LENGTH}.`,
    );
  else if (DEFAULT_ROOT_KEYS.has(root.toLowerCase()) || /^(.)\1+$/.test(root))
    problems.push('CA_ROOT_API_KEY is a default or trivial value.');
  if (config.DISABLE_AUTH) problems.push('DISABLE_AUTH must be false in production.');
  if (config.LOCAL_IDENTITY) problems.push('LOCAL_IDENTITY must be false in production (use Supabase Auth).');
  if (!config.RATE_LIMIT_ENABLED)
    problems.push('RATE_LIMIT_ENABLED must be true in production (per key, user and IP limits).');
  if (config.ALLOW_LOOPBACK_WEBHOOKS)
    problems.push(
      'ALLOW_LOOPBACK_WEBHOOKS must be false in production (notification URLs must be public https).',
    );
  return problems;
}

export class UnsafeProductionConfig extends Error {
  override name = 'UnsafeProductionConfig';
}

export async function assertProductionSafe(config: Config, secrets: Secrets): Promise<void> {
  const problems = await productionProblems(config, secrets);
  if (problems.length) {
    throw new UnsafeProductionConfig(
      `Refusing to start with ENVIRONMENT=production:\n- ${problems.join('\n- ')}`,
    );
  }
}
