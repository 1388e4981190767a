import type { Role } from '../contracts/roles.js';

/** Who is calling: the operator, an org (by API key) or a signed-in user. */
export type Principal =
  | { kind: 'root' }
  | { kind: 'apiKey'; orgSlug: string; keyId: string }
  | { kind: 'user'; userId: string; email: string | undefined; emailVerified: boolean };

/** An org API key acts for its org with the admin role (owner-only actions need a user or the root key). */
export const API_KEY_ROLE: Role = 'admin';

export const describePrincipal = (p: Principal | undefined): string =>
  !p
    ? 'anonymous'
    : p.kind === 'root'
      ? 'root'
      : p.kind === 'apiKey'
        ? `api_key:${p.keyId}`
        : `user:${p.userId}`;
