import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { meRoutes as r } from '../../shared/contracts/me.js';
import { getMe } from '../../shared/orgs/me.js';
import { forbidden } from '../../shared/errors/index.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const me = createHttpFunction('me', [
  handle(r.get, ({ ctx, principal }) => {
    if (principal?.kind !== 'user') throw forbidden('GET /me answers for a signed-in user.');
    return getMe(ctx, principal);
  }),
]);

export default deployHttp(me);
