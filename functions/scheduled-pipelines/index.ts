import { createJobFunction } from '../../shared/events/factory.js';
import { runScheduledPipelines } from '../../shared/pipelines/scheduled.js';
import { loadCatalog } from '../../shared/pipelines/catalog.js';
import { deployEvent } from '../../shared/runtime/deploy.js';
import { stepTypes } from '../registry.js';

export default deployEvent(
  createJobFunction('scheduled-pipelines', async ({ ctx, payload, log }) => {
    const catalog = loadCatalog(ctx.config.PIPELINES_DIR, stepTypes);
    const report = await runScheduledPipelines(
      ctx,
      [...catalog.pipelines.values()],
      new Date(payload.scheduled_at),
    );
    log.info('scheduled pipelines triggered', { ...report });
  }),
);
