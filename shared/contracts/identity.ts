import { z } from 'zod';
import { route } from './route.js';

/** Supabase Auth (GoTrue) shapes, as `@supabase/supabase-js` sends and expects them. */
export const IdentityUserSchema = z.object({
  id: z.string(),
  aud: z.string(),
  role: z.string(),
  email: z.string(),
  email_confirmed_at: z.string().nullable(),
  confirmed_at: z.string().nullable(),
  last_sign_in_at: z.string().nullable(),
  phone: z.string(),
  app_metadata: z.record(z.string(), z.unknown()),
  user_metadata: z.record(z.string(), z.unknown()),
  identities: z.array(z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
  is_anonymous: z.boolean(),
});

export const SessionSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number(),
  expires_at: z.number(),
  refresh_token: z.string(),
  user: IdentityUserSchema,
});

const Credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  data: z.record(z.string(), z.unknown()).optional(),
  gotrue_meta_security: z.unknown().optional(),
  code_challenge: z.unknown().optional(),
  code_challenge_method: z.unknown().optional(),
});

export const TokenQuerySchema = z.object({ grant_type: z.enum(['password', 'refresh_token']) });
export const TokenBodySchema = z.union([
  Credentials.pick({ email: true, password: true, gotrue_meta_security: true }),
  z.object({ refresh_token: z.string().min(1).max(512) }),
]);
export const SignupBodySchema = Credentials;
export const VerifyBodySchema = z.object({
  type: z.enum(['signup', 'email']),
  token_hash: z.string().min(1).max(512),
  gotrue_meta_security: z.unknown().optional(),
});
export const VerifyQuerySchema = z.object({
  type: z.enum(['signup', 'email']),
  token: z.string().min(1).max(512),
});
export const LogoutQuerySchema = z.object({ scope: z.enum(['global', 'local', 'others']).default('global') });

export const identityRoutes = {
  signup: route({
    id: 'auth.signup',
    method: 'POST',
    path: '/auth/v1/signup',
    summary: 'Create an unconfirmed user and mail a confirmation link (the local mailbox); no session.',
    auth: 'public',
    body: SignupBodySchema,
    response: IdentityUserSchema,
  }),
  verify: route({
    id: 'auth.verify',
    method: 'POST',
    path: '/auth/v1/verify',
    summary: 'Confirm an email with the token of its link (supabase-js verifyOtp) and start a session.',
    auth: 'public',
    body: VerifyBodySchema,
    response: SessionSchema,
  }),
  confirm: route({
    id: 'auth.confirm',
    method: 'GET',
    path: '/auth/v1/verify',
    summary: 'The mailed confirmation link: confirm the email.',
    auth: 'public',
    query: VerifyQuerySchema,
    response: z.object({ msg: z.string() }),
  }),
  token: route({
    id: 'auth.token',
    method: 'POST',
    path: '/auth/v1/token',
    summary: 'Password sign-in (grant_type=password) or refresh (grant_type=refresh_token).',
    auth: 'public',
    query: TokenQuerySchema,
    body: TokenBodySchema,
    response: SessionSchema,
  }),
  user: route({
    id: 'auth.user',
    method: 'GET',
    path: '/auth/v1/user',
    summary: 'The user of the bearer access token.',
    auth: 'public',
    response: IdentityUserSchema,
  }),
  logout: route({
    id: 'auth.logout',
    method: 'POST',
    path: '/auth/v1/logout',
    summary: "Sign the session out: its refresh and access tokens (scope global: all the user's sessions).",
    auth: 'public',
    query: LogoutQuerySchema,
    response: z.null(),
  }),
  jwks: route({
    id: 'auth.jwks',
    method: 'GET',
    path: '/auth/v1/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens.',
    auth: 'public',
    response: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
  }),
};
