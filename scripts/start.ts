import { ConfigError, getConfig, setConfig } from '../shared/config/config.js';
import { setLogLevel } from '../shared/logging/logger.js';
import { UnsafeProductionConfig } from '../shared/runtime/production-safety.js';
import { localRootKey, startLocalPlatform } from './local/runtime.js';

/** `npm start`: the whole platform in one process on the embedded defaults. */
async function main() {
  let config = getConfig();
  setLogLevel(config.LOG_LEVEL);
  // A generated key is a local convenience; production must be given one (the safety check names it).
  const root = config.ENVIRONMENT === 'production' ? { key: '', generated: false } : localRootKey(config);
  if (root.generated) {
    config = { ...config, CA_ROOT_API_KEY: root.key };
    setConfig(config);
  }
  const platform = await startLocalPlatform(config, { listen: true });
  const lines = [
    '',
    `CloudAct is running at ${platform.url}`,
    `  health:   ${platform.url}/health`,
    `  API docs: ${platform.url}/api/v1/docs`,
    `  data dir: ${config.dataDir}`,
    root.generated
      ? `  root key (generated, kept in ${config.dataDir}/root-key): ${root.key}`
      : '  root key: from CA_ROOT_API_KEY',
    '',
    'Onboard an org:',
    `  curl -s -X POST ${platform.url}/api/v1/organizations/onboard -H "X-CA-Root-Key: <root key>" \\`,
    `    -H 'content-type: application/json' -d '{"org_name":"Acme Corp","admin_email":"ops@acme.test","plan":"STARTER"}'`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping...\n`);
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof UnsafeProductionConfig) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `CloudAct failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
