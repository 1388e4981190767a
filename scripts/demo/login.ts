/**
 * The demo org's sign-in: a local-identity user for the org's admin email, created through the identity's own
 * HTTP routes as a person would (sign up, follow the link the local mailbox received, sign in), with a generated
 * password. The password is recorded in demo.json before the sign-up, so an interrupted seeding resumes with the
 * same one; GET /api/v1/me with the new session binds the org's owner membership to the user and proves it.
 */
import { randomBase62 } from '../../shared/auth/keys.js';
import { readLocalMailbox } from '../../shared/identity/mailbox.js';
import { apiClient, DemoError, type Fetch } from './org.js';

/** The demo org's admin: it owns the org once it signs in. */
export const DEMO_ADMIN_EMAIL = 'finops@acme-demo.test';

export interface DemoLogin {
  user_email: string;
  user_password: string;
}

/** A password for the demo user: 24 base62 characters from the OS's CSPRNG (~142 bits). */
export const newDemoPassword = () => randomBase62(24);

/**
 * Creates and confirms the demo user `login` (kept by the caller) and binds it to the org's owner membership.
 * Safe to repeat: a confirmed user gets no new link and signs in with the recorded password. False when the local
 * identity is off (its routes answer 404): the demo then has no sign-in.
 */
export async function ensureDemoLogin(
  fetch: Fetch,
  dataDir: string,
  orgSlug: string,
  login: DemoLogin,
): Promise<boolean> {
  const anon = apiClient(fetch, () => ({}));
  const { user_email: email, user_password: password } = login;
  const signup = await anon('POST', '/auth/v1/signup', { email, password }, [200, 404]);
  if (signup.status === 404) return false;
  // The mailbox is append-only: the sign-up just wrote the address's last message (a link, or for a confirmed
  // account only a notice).
  const mail = readLocalMailbox({ dataDir })
    .filter((m) => m.to === email)
    .at(-1);
  if (mail?.type === 'signup' && mail.token_hash) {
    await anon('GET', `/auth/v1/verify?token=${encodeURIComponent(mail.token_hash)}&type=signup`);
  }
  const session = await anon<{ access_token: string }>('POST', '/auth/v1/token?grant_type=password', {
    email,
    password,
  });
  const user = apiClient(fetch, () => ({ authorization: `Bearer ${session.body.access_token}` }));
  const me = await user<{ memberships: { org_slug: string; role: string }[] }>('GET', '/api/v1/me');
  if (!me.body.memberships.some((m) => m.org_slug === orgSlug && m.role === 'owner')) {
    throw new DemoError(`the demo user ${email} is not an owner of ${orgSlug}: ${JSON.stringify(me.body)}`);
  }
  return true;
}
