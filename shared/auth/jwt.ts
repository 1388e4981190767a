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

/** Verifies Supabase-style access tokens: signature, expiry, audience, and a subject. */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const remote = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  return {
    async verify(token) {
      const { alg } = decodeProtectedHeader(token);
      const verifyOpts = { audience: options.audience, clockTolerance: 5 };
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
      return payload as UserClaims;
    },
  };
}
