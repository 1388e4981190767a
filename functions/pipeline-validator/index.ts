import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { validatorRoutes as r } from '../../shared/contracts/pipeline-validator.js';
import { loadCatalog } from '../../shared/pipelines/catalog.js';
import { validatePipelineYaml } from '../../shared/pipelines/definition.js';
import { deployHttp } from '../../shared/runtime/deploy.js';
import { stepTypes } from '../registry.js';

const validator = createHttpFunction('pipeline-validator', [
  handle(r.list, async ({ ctx }) => {
    const catalog = loadCatalog(ctx.config.PIPELINES_DIR, stepTypes);
    const items = [...catalog.pipelines.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({
        pipeline_id: p.id,
        description: p.description,
        requires_integration: p.requires_integration,
        daily: p.schedule.daily,
        steps: p.steps.map((s) => ({ step_id: s.id, type: s.type, depends_on: s.depends_on })),
      }));
    return { items, next_cursor: null };
  }),
  handle(r.validate, async ({ body }) => {
    const result = validatePipelineYaml(body.yaml, stepTypes, body.path);
    return result.ok
      ? { valid: true, pipeline_id: result.pipeline.id, problems: [] }
      : { valid: false, pipeline_id: null, problems: result.problems };
  }),
]);

export default deployHttp(validator);
