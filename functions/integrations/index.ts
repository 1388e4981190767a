import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { integrationRoutes as r } from '../../shared/contracts/integrations.js';
import {
  deleteIntegration,
  listIntegrations,
  renameIntegration,
  setupIntegration,
  validateIntegration,
} from '../../shared/integrations/store.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const integrations = createHttpFunction('integrations', [
  handle(r.setup, ({ ctx, params, body, meta }) =>
    setupIntegration(ctx, params.org, params.provider, body, meta),
  ),
  handle(r.list, ({ ctx, params, query }) => listIntegrations(ctx, params.org, query.provider)),
  handle(r.validate, ({ ctx, params, body }) => validateIntegration(ctx, params.org, params.provider, body)),
  handle(r.rename, ({ ctx, params, body }) =>
    renameIntegration(ctx, params.org, params.provider, params.credential_id, body.name),
  ),
  handle(r.remove, async ({ ctx, params, meta }) => {
    await deleteIntegration(ctx, params.org, params.provider, params.credential_id, meta);
    return reply(204, null);
  }),
]);

export default deployHttp(integrations);
