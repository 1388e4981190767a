import { z } from 'zod';

/** What the app learns at run time from `/config.json`: one build serves every environment. */
export const AppConfigSchema = z.object({
  supabase_url: z.string().url(),
  supabase_anon_key: z.string().min(1),
  /** Prefix of the API's origin; empty: the app's own origin. */
  api_base: z.string().default(''),
  stripe_enabled: z.boolean().default(false),
  /** Local `npm start` with the demo org: its user's sign-in, shown on the sign-in page. */
  local_demo: z.object({ user_email: z.string(), user_password: z.string() }).optional(),
});
export type AppConfig = z.infer<typeof AppConfigSchema>;

export async function loadConfig(): Promise<AppConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`The app's configuration (/config.json) could not be loaded: ${res.status}.`);
  return AppConfigSchema.parse(await res.json());
}
