import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { adminRoutes } from '../../shared/contracts/admin.js';
import { bootstrap, listOrgs, syncAllOrgs, syncOrg } from '../../shared/orgs/admin.js';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../shared/orgs/api-keys.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const admin = createHttpFunction('admin', [
  handle(adminRoutes.bootstrap, ({ ctx }) => bootstrap(ctx)),
  handle(adminRoutes.listOrgs, ({ ctx }) => listOrgs(ctx)),
  handle(adminRoutes.syncAll, ({ ctx }) => syncAllOrgs(ctx)),
  handle(adminRoutes.syncOrg, ({ ctx, params }) => syncOrg(ctx, params.org)),
  handle(adminRoutes.listKeys, ({ ctx, params }) => listApiKeys(ctx, params.org)),
  handle(adminRoutes.createKey, ({ ctx, params, principal, requestId }) =>
    issueApiKey(ctx, params.org, false, { principal, requestId }),
  ),
  handle(adminRoutes.revokeKey, ({ ctx, params, principal, requestId }) =>
    revokeApiKey(ctx, params.org, params.key_id, { principal, requestId }),
  ),
]);

export default deployHttp(admin);
