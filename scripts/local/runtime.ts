import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Config } from '../../shared/config/config.js';
import { createContext, type AppContext, type ContextOverrides } from '../../shared/context.js';
import { InProcessBus } from '../../shared/ports/bus/in-process.js';
import { deadLetterTopic } from '../../shared/ports/bus/port.js';
import { STEP_DEAD_LETTER_TOPIC } from '../../shared/pipelines/records.js';
import { DELIVER_NOTIFICATION_TOPIC } from '../../shared/contracts/alerts.js';
import { localCron } from '../../shared/ports/scheduler/local-cron.js';
import type { Scheduler } from '../../shared/ports/scheduler/port.js';
import { randomBase62 } from '../../shared/auth/keys.js';
import { bootstrap, syncAllOrgs } from '../../shared/orgs/admin.js';
import { assertProductionSafe } from '../../shared/runtime/production-safety.js';
import { registry, httpEntries, eventEntries, jobEntries, scheduledJobs } from '../../functions/registry.js';
import { loadFunction } from '../../functions/load.js';
import type { EventFunction } from '../../shared/events/factory.js';
import { ensurePrivateDir, restrictDataDir } from './data-dir.js';
import { gatewayFetch, gatewayUrl, listen, type Mount } from './gateway.js';
import { webApp } from './web-app.js';
import { startLocalMailServer, type LocalMailServer } from '../../shared/notifications/local-smtp.js';

export interface LocalPlatform {
  ctx: AppContext;
  bus: InProcessBus;
  scheduler: Scheduler;
  fetch: (req: Request) => Promise<Response>;
  server?: Server;
  url?: string;
  /** The local mail catcher email notifications go to when SMTP_URL is unset: its URL and the .eml folder. */
  mail?: { url: string; dir: string };
  stop(): Promise<void>;
}

/**
 * The root key for local use: CA_ROOT_API_KEY, else one generated once and kept in the data dir (`file`);
 * `created` is true on the start that generated it.
 */
export function localRootKey(config: Config): {
  key: string;
  generated: boolean;
  created: boolean;
  file?: string;
} {
  if (config.CA_ROOT_API_KEY) return { key: config.CA_ROOT_API_KEY, generated: false, created: false };
  const file = join(config.dataDir, 'root-key');
  if (existsSync(file))
    return { key: readFileSync(file, 'utf8').trim(), generated: true, created: false, file };
  ensurePrivateDir(config.dataDir);
  const key = `ca_root_${randomBase62(40)}`;
  writeFileSync(file, key, { mode: 0o600 });
  return { key, generated: true, created: true, file };
}

/** Without SMTP_URL (outside production), email goes to a real SMTP server on a loopback port writing .eml files. */
async function withLocalMail(config: Config): Promise<{ config: Config; mail?: LocalMailServer }> {
  if (config.SMTP_URL || config.ENVIRONMENT === 'production') return { config };
  const mail = await startLocalMailServer(join(config.dataDir, 'mail'));
  return { config: { ...config, SMTP_URL: mail.url }, mail };
}

/** The in-process bus with the settings' retries and the dead-letter routing Terraform gives Pub/Sub. */
function localBus(config: Config): InProcessBus {
  return new InProcessBus({
    maxDeliveryAttempts: config.BUS_MAX_DELIVERY_ATTEMPTS,
    minBackoffMs: config.BUS_MIN_BACKOFF_MS,
    // As the Pub/Sub dead-letter policy in Terraform (modules/platform/messaging.tf): every step subscription and
    // the notification-deliver one dead-letter to one topic, which the dead-letter function handles.
    deadLetterTopicFor: (topic) =>
      topic.startsWith('step-') || topic === DELIVER_NOTIFICATION_TOPIC
        ? STEP_DEAD_LETTER_TOPIC
        : deadLetterTopic(topic),
  });
}

/**
 * Wires every function of the registry in one process: HTTP functions behind one gateway, event and job
 * functions subscribed to the in-process bus, jobs fired by the local cron. Bootstraps on start.
 */
export async function startLocalPlatform(
  config: Config,
  options: {
    listen?: boolean;
    overrides?: ContextOverrides;
    cron?: boolean;
    /** Bus behaviour for soak runs and tests (duplicates, out-of-order delivery). */
    chaos?: { maxDelayMs: number; random?: () => number };
    /** Extra subscribers (tests: step types with injected faults). */
    extraSubscriptions?: readonly { topic: string; fn: EventFunction }[];
    /** Serve the built web app (`distDir`, e.g. web/dist) beside the API; `anonKey`: Supabase's, when in front of it. */
    web?: { distDir: string; anonKey?: string };
  } = {},
): Promise<LocalPlatform> {
  const bus = localBus(config);
  ensurePrivateDir(config.dataDir);
  const { mail, ...mailed } = await withLocalMail(config);
  config = mailed.config;
  const ctx = createContext(config, { bus, ...options.overrides });
  await assertProductionSafe(config, await ctx.secrets());
  bus.setErrorHandler((err, topic, attempt) =>
    ctx.log.warn('delivery failed', {
      topic,
      attempt,
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  for (const entry of [...eventEntries, ...jobEntries]) {
    const fn = (await loadFunction(entry)) as EventFunction;
    bus.subscribe(entry.topic, async (event) => {
      await fn.handle(event, ctx);
    });
  }
  for (const { topic, fn } of options.extraSubscriptions ?? [])
    bus.subscribe(topic, async (event) => void (await fn.handle(event, ctx)));
  const mounts: Mount[] = [];
  for (const entry of httpEntries) {
    mounts.push({ prefixes: entry.prefixes, templates: entry.templates, fn: await loadFunction(entry) });
  }
  await bootstrap(ctx);
  // As `POST /admin/organizations/sync` after a deploy: a data dir of an older version gets the new org tables.
  await syncAllOrgs(ctx);
  restrictDataDir(config.dataDir);
  const scheduler = localCron(scheduledJobs(config), async (job, at) => {
    await bus.publish(job.topic, { job: job.name, scheduled_at: at.toISOString() });
  });
  if (options.cron !== false) scheduler.start();
  const web = options.web && webApp({ ...options.web, config, secrets: () => ctx.secrets() });
  const fetch = gatewayFetch(mounts, ctx, web);
  const platform: LocalPlatform = {
    ctx,
    bus,
    scheduler,
    fetch,
    ...(mail ? { mail: { url: mail.url, dir: mail.dir } } : {}),
    async stop() {
      scheduler.stop();
      await new Promise<void>((resolve) =>
        platform.server ? platform.server.close(() => resolve()) : resolve(),
      );
      await bus.drain();
      await bus.close();
      await mail?.close();
      await ctx.close();
      restrictDataDir(config.dataDir);
    },
  };
  if (options.listen) {
    platform.server = await listen(fetch, config.PORT, config.HOST, ctx.log);
    platform.url = gatewayUrl(config.HOST, config.PORT);
  }
  ctx.log.debug('local platform started', { functions: registry.map((e) => e.name) });
  return platform;
}
