import { createJobFunction } from '../../shared/events/factory.js';
import { cleanupStaleRuns } from '../../shared/pipelines/stale.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createJobFunction('stale-cleanup', async ({ ctx, log }) => {
    const report = await cleanupStaleRuns(ctx);
    log.info('stale-cleanup done', { ...report });
  }),
);
