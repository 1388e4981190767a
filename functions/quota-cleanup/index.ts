import { createJobFunction } from '../../shared/events/factory.js';
import { cleanupCounters } from '../../shared/orgs/retention.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createJobFunction('quota-cleanup', async ({ ctx, payload, log }) => {
    const report = await cleanupCounters(await ctx.db(), new Date(payload.scheduled_at));
    log.info('quota-cleanup done', report);
  }),
);
