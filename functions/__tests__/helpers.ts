import { ownerEmail, type TestPlatform } from '../../scripts/local/test-platform.js';

/** Signs up a user through the local identity endpoint and returns its access token. */
export async function signUp(
  p: TestPlatform,
  email: string,
  password = 'correct horse battery',
): Promise<string> {
  const res = await p.request('/auth/v1/signup', { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The owner's token for an org onboarded by `platform.onboard()` (admin_email ownerEmail(slug)). */
export const ownerToken = (p: TestPlatform, orgSlug: string) => signUp(p, ownerEmail(orgSlug));

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const apiKey = (key: string) => ({ 'x-api-key': key });

/** Environment pointing every provider base URL at the fake provider server. */
export function fakeProviderEnv(fake: { endpoints: Record<string, unknown> }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fake.endpoints).filter(([k, v]) => k.endsWith('_URL') && typeof v === 'string') as [
      string,
      string,
    ][],
  );
}
