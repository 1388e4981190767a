import { importPKCS8, SignJWT } from 'jose';
import { ServiceAccountSchema, type ServiceAccount } from '../../contracts/provider-schemas.js';
import { z } from 'zod';
import type { CredentialKind } from './define.js';
import { callProvider, form, parseBody, type CallContext } from './http.js';

export {
  GcpProjectIdSchema,
  ServiceAccountSchema,
  type ServiceAccount,
} from '../../contracts/provider-schemas.js';

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
