import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { quotaRoutes as r } from '../../shared/contracts/quota.js';
import { quotaUsage } from '../../shared/pipelines/quota.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const quota = createHttpFunction('quota', [
  handle(r.get, async ({ ctx, params }) => quotaUsage(await ctx.db(), params.org, new Date())),
]);

export default deployHttp(quota);
