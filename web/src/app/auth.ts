import { createClient, type Session, type SupabaseClient } from '@supabase/supabase-js';
import type { AppConfig } from './config.js';

export type Auth = SupabaseClient;

/**
 * The Supabase client: the local identity at `/auth/v1` under `npm start`, Supabase Auth in production. The
 * implicit flow lets a link that lands with `#access_token=...` sign in (detectSessionInUrl).
 */
export function createAuth(config: AppConfig): Auth {
  return createClient(config.supabase_url, config.supabase_anon_key, {
    auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true, flowType: 'implicit' },
  });
}

/** The current session, refreshed when it has expired; null when signed out. */
export async function currentSession(auth: Auth): Promise<Session | null> {
  const { data } = await auth.auth.getSession();
  return data.session;
}
