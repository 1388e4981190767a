import { z } from 'zod';

/** Email and password as Supabase Auth takes them (6 characters at least, as it requires by default). */
export const CredentialsSchema = z.object({
  email: z.email('Enter an email address.').max(254),
  password: z.string().min(6, 'At least 6 characters.').max(1024),
});
export type Credentials = z.infer<typeof CredentialsSchema>;
