import type { AppContext } from '../context.js';

/** Pings the control-plane database and the warehouse; `degraded` when either fails. */
export async function checkHealth(ctx: AppContext) {
  const probe = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return 'ok' as const;
    } catch (err) {
      ctx.log.error('health check failed', { error: err instanceof Error ? err.message : String(err) });
      return 'error' as const;
    }
  };
  const [database, warehouse] = await Promise.all([
    probe(async () => (await ctx.db()).query('SELECT 1')),
    probe(async () => (await ctx.warehouse()).query('SELECT 1 AS ok')),
  ]);
  const checks = { database, warehouse };
  return {
    status: Object.values(checks).every((c) => c === 'ok') ? ('ok' as const) : ('degraded' as const),
    version: ctx.config.version,
    environment: ctx.config.ENVIRONMENT,
    checks,
  };
}
