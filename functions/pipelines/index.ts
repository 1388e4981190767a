import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { pipelineRoutes } from '../../shared/contracts/pipelines.js';
import { loadCatalog } from '../../shared/pipelines/catalog.js';
import { triggerRun } from '../../shared/pipelines/trigger.js';
import { deployHttp } from '../../shared/runtime/deploy.js';
import { stepTypes } from '../registry.js';
import { notFound } from '../../shared/errors/index.js';

const pipelines = createHttpFunction('pipelines', [
  handle(pipelineRoutes.run, async ({ ctx, params, body }) => {
    const id = `${params.provider}/${params.domain}/${params.pipeline}`;
    const pipeline = loadCatalog(ctx.config.PIPELINES_DIR, stepTypes).pipelines.get(id);
    if (!pipeline) throw notFound(`Pipeline ${id} not found.`);
    const [startDate, endDate] = 'date' in body ? [body.date, body.date] : [body.start_date, body.end_date];
    return triggerRun(ctx, {
      orgSlug: params.org,
      pipeline,
      startDate,
      endDate,
      trigger: 'manual',
      credentialId: body.credential_id,
    });
  }),
]);

export default deployHttp(pipelines);
