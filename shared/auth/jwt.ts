import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

export interface UserClaims extends JWTPayload {
  sub: string;
  email?: string;
  role?: string;
  session_id?: string;
}

/** Seconds of clock difference tolerated between the issuer and this verifier (exp, nbf, iat). */
export const CLOCK_SKEW_S = 5;

/**
 * Whether the token's email is verified: the OIDC `email_verified` claim, or Supabase's
 * `user_metadata.email_verified` (set when the address is confirmed; with "Confirm email" on, Supabase issues no
 * session before that). Anything else, including its absence, is unverified.
 */
export function emailVerifiedOf(claims: JWTPayload): boolean {
  const meta = claims.user_metadata;
  return (
    claims.email_verified === true ||
    (typeof meta === 'object' && meta !== null && (meta as Record<string, unknown>).email_verified === true)
  );
}

export interface JwtVerifier {
  verify(token: string): Promise<UserClaims>;
}

export interface JwtVerifierOptions {
  audience: string;
  /** Supabase projects with asymmetric keys: `<SUPABASE_URL>/auth/v1/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** Key set read in-process (the local identity endpoint's public keys). */
  localJwks?: () => Promise<JSONWebKeySet>;
  /** Supabase legacy HS256 JWT secret. */
  secret?: string;
}

/**
 * Verifies Supabase-style access tokens: signature, audience, a subject, an expiry (required: a token without one
 * would never end) and, when present, an issue time that is not in the future.
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const remote = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  return {
    async verify(token) {
      const { alg } = decodeProtectedHeader(token);
      const verifyOpts = {
        audience: options.audience,
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ['exp'],
      };
      let payload: JWTPayload;
      if (alg === 'HS256') {
        if (!secret) throw new Error('HS256 tokens are not accepted: no JWT secret configured.');
        ({ payload } = await jwtVerify(token, secret, { ...verifyOpts, algorithms: ['HS256'] }));
      } else if (options.localJwks) {
        local ??= createLocalJWKSet(await options.localJwks());
        ({ payload } = await jwtVerify(token, local, { ...verifyOpts, algorithms: ['ES256', 'RS256'] }));
      } else if (remote) {
        ({ payload } = await jwtVerify(token, remote, { ...verifyOpts, algorithms: ['ES256', 'RS256'] }));
      } else {
        throw new Error(
          'No JWT key source configured (SUPABASE_URL, SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET).',
        );
      }
      if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('Token has no subject.');
      if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + CLOCK_SKEW_S)
        throw new Error('Token is issued in the future.');
      return payload as UserClaims;
    },
  };
}
