import { createJobFunction } from '../../shared/events/factory.js';
import { publishDailyEvaluations } from '../../shared/notifications/alert-jobs.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/** 08:00 UTC: one alert evaluation message per live org with an enabled alert (as of the job's fire time). */
export default deployEvent(
  createJobFunction('alerts-daily', async ({ ctx, payload, log }) => {
    const { published } = await publishDailyEvaluations(ctx, new Date(payload.scheduled_at));
    log.info('alerts-daily published', { scheduled_at: payload.scheduled_at, published });
  }),
);
