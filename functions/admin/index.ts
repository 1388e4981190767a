import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { adminRoutes } from '../../shared/contracts/admin.js';
import { bootstrap, listOrgs, syncAllOrgs, syncOrg } from '../../shared/orgs/admin.js';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../shared/orgs/api-keys.js';
import { deployHttp } from '../../shared/runtime/deploy.js';
import { syncAllProcedures, syncOrgProcedures } from '../../shared/procedures/sync.js';
import { openScheduler } from '../../shared/ports/scheduler/open.js';
import { resourcePrefix } from '../../shared/ports/scheduler/port.js';
import { failStaleRuns } from '../../shared/pipelines/stale.js';
import { scheduledJobs } from '../registry.js';
import { permanent } from '../../shared/errors/index.js';

const admin = createHttpFunction('admin', [
  handle(adminRoutes.bootstrap, ({ ctx }) => bootstrap(ctx)),
  handle(adminRoutes.listOrgs, ({ ctx }) => listOrgs(ctx)),
  handle(adminRoutes.syncAll, ({ ctx }) => syncAllOrgs(ctx)),
  handle(adminRoutes.syncOrg, ({ ctx, params }) => syncOrg(ctx, params.org)),
  handle(adminRoutes.syncProcedures, ({ ctx }) => syncAllProcedures(ctx)),
  handle(adminRoutes.syncOrgProcedures, ({ ctx, params }) => syncOrgProcedures(ctx, params.org)),
  handle(adminRoutes.listKeys, ({ ctx, params }) => listApiKeys(ctx, params.org)),
  handle(adminRoutes.createKey, ({ ctx, params, meta }) => issueApiKey(ctx, params.org, false, meta)),
  handle(adminRoutes.jobs, async ({ ctx }) => {
    const scheduler = await openScheduler({
      kind: ctx.config.SCHEDULER,
      jobs: scheduledJobs(ctx.config),
      projectId: ctx.config.GCP_PROJECT_ID,
      region: ctx.config.GCP_REGION,
      prefix: resourcePrefix(ctx.config.datasetEnv),
      trigger: async () => {
        throw permanent('Status only: jobs are fired by the runtime scheduler.');
      },
    });
    return { items: await scheduler.status(), next_cursor: null };
  }),
  handle(adminRoutes.staleCleanup, ({ ctx, params, meta }) => failStaleRuns(ctx, params.org, meta)),
  handle(adminRoutes.revokeKey, ({ ctx, params, meta }) =>
    revokeApiKey(ctx, params.org, params.key_id, meta),
  ),
]);

export default deployHttp(admin);
