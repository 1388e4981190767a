import { ConfigError, getConfig, parseConfig, setConfig, type Config } from '../shared/config/config.js';
import { setLogLevel } from '../shared/logging/logger.js';
import { UnsafeProductionConfig } from '../shared/runtime/production-safety.js';
import { connectHint, demoBanner, demoDisabled, openDemo, type Demo } from './demo/demo.js';
import { localRootKey, startLocalPlatform, type LocalPlatform } from './local/runtime.js';
import { ensureWebBuilt, WEB_DIST } from './local/build-web.js';

type RootKey = ReturnType<typeof localRootKey>;

/** `npm start`: the whole platform in one process on the embedded defaults. */
async function main() {
  const startedAt = Date.now();
  const { config, demo, root } = await prepareConfig();
  // CLOUDACT_WEB=0: the API alone (no web app built or served), e.g. for tests of the API's start.
  const withWeb = !demoDisabled(process.env.CLOUDACT_WEB);
  if (withWeb) await buildWebApp();
  const platform = await startLocalPlatform(config, {
    listen: true,
    // SUPABASE_ANON_KEY: only in front of real Supabase Auth (SUPABASE_URL); the local identity needs none.
    ...(withWeb ? { web: { distDir: WEB_DIST, anonKey: config.SUPABASE_ANON_KEY } } : {}),
  });
  const lines = [...runningBanner(platform, config, root, startedAt), ...demoNotes(demo, platform, config)];
  process.stdout.write(lines.join('\n') + '\n');
  const stopping = new AbortController();
  if (demo && demo.state.status !== 'ready') seedDemoInBackground(demo, platform, config, stopping.signal);
  stopOnSignals(platform, demo, stopping);
}

/** Builds the web app when its sources changed since the last build; a failed build leaves the API running. */
async function buildWebApp() {
  try {
    await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    process.stderr.write(
      `The web app could not be built: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  }
}

/** The configuration with the demo's settings and the local root key applied (each set as the current config). */
async function prepareConfig(): Promise<{ config: Config; demo: Demo | null; root: RootKey }> {
  let config = getConfig();
  setLogLevel(config.LOG_LEVEL);
  // Before anything writes to the data dir: the demo is created on a fresh one only.
  const demo = await openDemo(config, process.env);
  if (demo) {
    config = { ...config, ...parseConfig({ ...process.env, ...demo.env }) };
    setConfig(config);
  }
  // A generated key is a local convenience; production must be given one (the safety check names it).
  const root: RootKey =
    config.ENVIRONMENT === 'production'
      ? { key: '', generated: false, created: false }
      : localRootKey(config);
  if (root.generated) {
    config = { ...config, CA_ROOT_API_KEY: root.key };
    setConfig(config);
  }
  return { config, demo, root };
}

/** Where the platform runs, its root key and how to onboard a first org. */
function runningBanner(platform: LocalPlatform, config: Config, root: RootKey, startedAt: number): string[] {
  return [
    '',
    `CloudAct is running at ${platform.url}`,
    `  app:      ${platform.url}/`,
    `  health:   ${platform.url}/health`,
    `  API docs: ${platform.url}/api/v1/docs`,
    `  data dir: ${config.dataDir}`,
    platform.mail
      ? `  email:    notification email is written to ${platform.mail.dir}/*.eml (local SMTP ${platform.mail.url}; set SMTP_URL to send)`
      : `  email:    notification email goes through SMTP_URL`,
    // The key itself only on the start that generated it: later starts name its file (logs keep no secret).
    root.created
      ? `  root key (generated, kept in ${root.file}): ${root.key}`
      : root.generated
        ? `  root key: kept in ${root.file}`
        : '  root key: from CA_ROOT_API_KEY',
    `  started in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`,
    '',
    'Onboard an org:',
    `  curl -s -X POST ${platform.url}/api/v1/organizations/onboard -H "X-CA-Root-Key: <root key>" \\`,
    `    -H 'content-type: application/json' -d '{"org_name":"Acme Corp","admin_email":"ops@acme.test","plan":"STARTER"}'`,
    '',
  ];
}

/** The demo's settings pointed at the stand-in, and its banner or loading note. */
function demoNotes(demo: Demo | null, platform: LocalPlatform, config: Config): string[] {
  if (!demo) return [];
  const lines: string[] = [];
  const settings = Object.keys(demo.env);
  if (settings.length) {
    lines.push(
      `Demo: ${settings.join(', ')} point at the demo's provider stand-in (${demo.standIn.url})`,
      '  and export files; set them to reach the real providers.',
    );
  }
  // Ready before this start: its key was printed when it was created.
  if (demo.state.status === 'ready')
    lines.push(...demoBanner(demo.state, platform.url!, config.dataDir, false), ...connectHint(demo), '');
  else
    lines.push(`Demo org ${demo.state.org_slug}: loading three months of demo data in the background...`, '');
  return lines;
}

/** Seeds the demo org without blocking start; prints its banner when ready, or why it could not load. */
function seedDemoInBackground(demo: Demo, platform: LocalPlatform, config: Config, signal: AbortSignal) {
  const seeding = Date.now();
  demo
    .seed(platform.fetch, config.CA_ROOT_API_KEY!, { signal })
    .then((result) => {
      const took = `${((Date.now() - seeding) / 1000).toFixed(1)}s`;
      const runs = result.runs.map((r) => r.pipeline).join(', ');
      process.stdout.write(
        [
          '',
          `Demo ready in ${took} (pipelines: ${runs}).`,
          ...demoBanner(demo.state, platform.url!, config.dataDir, true),
          ...connectHint(demo),
          '',
        ].join('\n') + '\n',
      );
    })
    .catch((err: unknown) => {
      if (signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`Demo data could not be loaded: ${message}\n`);
    });
}

/** Stops the platform and the demo on SIGINT / SIGTERM, abandoning a demo seed in progress. */
function stopOnSignals(platform: LocalPlatform, demo: Demo | null, stopping: AbortController) {
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping...\n`);
    stopping.abort();
    await platform.stop();
    await demo?.close();
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
