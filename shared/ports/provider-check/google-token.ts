import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import type { CredentialKind } from './define.js';
import { callProvider, form, parseBody, type CallContext } from './http.js';

/** A Google Cloud project id (the modern form; legacy `domain:project` ids are not accepted). */
export const GcpProjectIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id');

/** A service-account key file as downloaded from IAM; `token_uri` is ignored (we call GCP_OAUTH_TOKEN_URL only). */
export const ServiceAccountSchema = z.looseObject({
  type: z.literal('service_account'),
  project_id: GcpProjectIdSchema,
  private_key_id: z.string().regex(/^[A-Za-z0-9]{8,128}$/, 'private_key_id must be the key id'),
  private_key: z.string().includes('PRIVATE KEY-----', { message: 'private_key must be a PEM private key' }),
  client_email: z.email(),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

/** A service-account key: the private key is scrubbed; its key id fingerprints it. */
export const serviceAccountCredential: CredentialKind<ServiceAccount> = {
  schema: ServiceAccountSchema,
  secrets: (sa) => [sa.private_key],
  fingerprintSource: (sa) => sa.private_key_id,
};

const TokenSchema = z.object({ access_token: z.string().min(1) });

/** The scope both BigQuery and Vertex AI accept. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** A context whose token goes to the list of secrets too. */
export type TokenResult = { ok: true; token: string; ctx: CallContext } | { ok: false; reason: string };

/**
 * RFC 7523 JWT-bearer grant: an RS256 assertion signed with the service account's key (jose), posted to
 * GCP_OAUTH_TOKEN_URL. A key that cannot sign, or Google's `invalid_grant`, is a failed validation.
 */
export async function serviceAccountToken(
  ctx: CallContext,
  sa: ServiceAccount,
  scope: string,
): Promise<TokenResult> {
  let key: CryptoKey;
  try {
    key = await importPKCS8(sa.private_key, 'RS256');
  } catch {
    return { ok: false, reason: 'private_key is not a PKCS#8 RSA private key.' };
  }
  const tokenUrl = ctx.endpoints.GCP_OAUTH_TOKEN_URL;
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ scope })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sa.private_key_id })
    .setIssuer(sa.client_email)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(key);
  const step = 'token exchange';
  const res = await callProvider(ctx, step, tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  });
  if (!res.ok) return res;
  const { access_token: token } = parseBody(ctx, step, res.response, TokenSchema);
  return { ok: true, token, ctx: { ...ctx, secrets: [...ctx.secrets, token, assertion] } };
}
