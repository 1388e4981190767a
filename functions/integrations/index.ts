import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { integrationRoutes as r } from '../../shared/contracts/integrations.js';
import {
  deleteIntegration,
  listIntegrations,
  renameIntegration,
  setupIntegration,
  validateIntegration,
} from '../../shared/integrations/store.js';
import { describeProviders } from '../../shared/contracts/provider-schemas.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

/** The catalogue depends only on the schemas: described once. */
const catalogue = { items: describeProviders(), next_cursor: null };

const integrations = createHttpFunction('integrations', [
  handle(r.setup, ({ ctx, params, body, meta }) =>
    setupIntegration(ctx, params.org, params.provider, body, meta),
  ),
  handle(r.list, ({ ctx, params, query }) => listIntegrations(ctx, params.org, query.provider)),
  handle(r.providers, async () => catalogue),
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
