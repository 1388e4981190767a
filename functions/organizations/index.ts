import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { organizationRoutes as r } from '../../shared/contracts/organizations.js';
import { onboardOrg } from '../../shared/orgs/onboard.js';
import { createOrgForUser, idempotencyKeyOf } from '../../shared/orgs/self-serve.js';
import { forbidden } from '../../shared/errors/index.js';
import { getLocale, getProfile, updateLocale, updateProfile } from '../../shared/orgs/profile.js';
import { issueApiKey } from '../../shared/orgs/api-keys.js';
import { memberRoutes as m } from '../../shared/contracts/members.js';
import { listMembers, removeMember, upsertMember } from '../../shared/orgs/members.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const organizations = createHttpFunction('organizations', [
  handle(r.onboard, ({ ctx, body, meta }) => onboardOrg(ctx, body, meta)),
  handle(r.create, async ({ ctx, body, principal, headers, meta }) => {
    if (principal?.kind !== 'user') throw forbidden('Organizations are created by a signed-in user.');
    const { replayed, org } = await createOrgForUser(ctx, body, principal, idempotencyKeyOf(headers), meta);
    return reply(replayed ? 200 : 201, org);
  }),
  handle(r.get, async ({ ctx, params }) => getProfile(await ctx.db(), params.org)),
  handle(r.update, ({ ctx, params, body, meta }) => updateProfile(ctx, params.org, body, meta)),
  handle(r.getLocale, async ({ ctx, params }) => getLocale(await ctx.db(), params.org)),
  handle(r.updateLocale, ({ ctx, params, body, meta }) => updateLocale(ctx, params.org, body, meta)),
  handle(r.rotateKey, async ({ ctx, params, meta }) => {
    const { api_key, api_key_fingerprint } = await issueApiKey(ctx, params.org, true, meta);
    return { api_key, api_key_fingerprint };
  }),
  handle(m.list, ({ ctx, params }) => listMembers(ctx, params.org)),
  handle(m.upsert, ({ ctx, params, body, meta }) =>
    upsertMember(ctx, params.org, params.email, body.role, meta),
  ),
  handle(m.remove, async ({ ctx, params, meta }) => {
    await removeMember(ctx, params.org, params.email, meta);
    return reply(204, null);
  }),
]);

export default deployHttp(organizations);
