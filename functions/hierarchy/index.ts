import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { hierarchyRoutes as r } from '../../shared/contracts/hierarchy.js';
import { reply } from '../../shared/http/respond.js';
import { createLevel, deleteLevel, listLevels, updateLevel } from '../../shared/hierarchy/levels.js';
import {
  ancestors,
  createEntity,
  deleteEntity,
  descendants,
  getEntityView,
  listEntities,
  moveEntity,
  tree,
  updateEntity,
} from '../../shared/hierarchy/entities.js';
import { exportCsv, importCsv } from '../../shared/hierarchy/csv.js';
import { createRule, deleteRule, getRule, listRules, updateRule } from '../../shared/hierarchy/rules.js';
import { previewRule } from '../../shared/hierarchy/rule-preview.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const hierarchy = createHttpFunction('hierarchy', [
  handle(r.listLevels, ({ ctx, params }) => listLevels(ctx, params.org)),
  handle(r.createLevel, ({ ctx, params, body, meta }) => createLevel(ctx, params.org, body, meta)),
  handle(r.updateLevel, ({ ctx, params, body, meta }) =>
    updateLevel(ctx, params.org, params.level_code, body, meta),
  ),
  handle(r.deleteLevel, async ({ ctx, params, meta }) => {
    await deleteLevel(ctx, params.org, params.level_code, meta);
    return reply(204, null);
  }),
  handle(r.listEntities, ({ ctx, params, query }) => listEntities(ctx, params.org, query)),
  handle(r.createEntity, ({ ctx, params, body, meta }) => createEntity(ctx, params.org, body, meta)),
  handle(r.getEntity, ({ ctx, params }) => getEntityView(ctx, params.org, params.entity_id)),
  handle(r.updateEntity, ({ ctx, params, body, meta }) =>
    updateEntity(ctx, params.org, params.entity_id, body, meta),
  ),
  handle(r.deleteEntity, async ({ ctx, params, meta }) => {
    await deleteEntity(ctx, params.org, params.entity_id, meta);
    return reply(204, null);
  }),
  handle(r.ancestors, ({ ctx, params }) => ancestors(ctx, params.org, params.entity_id)),
  handle(r.descendants, ({ ctx, params }) => descendants(ctx, params.org, params.entity_id)),
  handle(r.move, ({ ctx, params, body, meta }) =>
    moveEntity(ctx, params.org, params.entity_id, body.new_parent_id, meta),
  ),
  handle(r.tree, ({ ctx, params }) => tree(ctx, params.org)),
  handle(r.exportCsv, async ({ ctx, params }) =>
    reply(200, await exportCsv(ctx, params.org), {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${params.org}-hierarchy.csv"`,
    }),
  ),
  handle(r.importCsv, ({ ctx, params, body, meta }) =>
    importCsv(ctx, params.org, typeof body === 'string' ? body : body.csv, meta),
  ),
  handle(r.listRules, ({ ctx, params, query }) => listRules(ctx, params.org, query)),
  handle(r.createRule, ({ ctx, params, body, meta }) => createRule(ctx, params.org, body, meta)),
  handle(r.previewRule, ({ ctx, params, body }) => previewRule(ctx, params.org, body)),
  handle(r.getRule, ({ ctx, params }) => getRule(ctx, params.org, params.rule_id)),
  handle(r.updateRule, ({ ctx, params, body, meta }) =>
    updateRule(ctx, params.org, params.rule_id, body, meta),
  ),
  handle(r.deleteRule, async ({ ctx, params, meta }) => {
    await deleteRule(ctx, params.org, params.rule_id, meta);
    return reply(204, null);
  }),
]);

export default deployHttp(hierarchy);
