import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { healthRoutes } from '../../shared/contracts/health.js';
import { checkHealth } from '../../shared/orgs/health.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const health = createHttpFunction('health', [
  handle(healthRoutes.get, async ({ ctx }) => {
    const body = await checkHealth(ctx);
    return reply(body.status === 'ok' ? 200 : 503, body);
  }),
]);

export default deployHttp(health);
