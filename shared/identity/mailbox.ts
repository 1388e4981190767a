import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';

/** One message the local identity would have emailed. */
export interface LocalMail {
  to: string;
  /** `signup`: a confirmation link; `existing`: someone signed up with an address that has an account. */
  type: 'signup' | 'existing';
  subject: string;
  /** Relative, so the request's Host header cannot point it elsewhere: `/auth/v1/verify?token=…&type=signup`. */
  link?: string;
  /**
   * The same confirmation as the web app's page (`/confirm?token_hash=…&type=signup`): opened in the browser it
   * confirms the email and signs in (supabase-js verifyOtp), as Supabase's token-hash email template does.
   */
  app_link?: string;
  /** What supabase-js `verifyOtp({ type: 'signup', token_hash })` takes. */
  token_hash?: string;
  sent_at: string;
}

/** The local mailbox: a JSON-lines file under the data dir (0600), read by the developer in place of email. */
export const mailboxFile = (config: Pick<Config, 'dataDir'>) =>
  join(config.dataDir, 'identity', 'mailbox.jsonl');

export function sendLocalMail(config: Pick<Config, 'dataDir'>, mail: Omit<LocalMail, 'sent_at'>): string {
  const file = mailboxFile(config);
  mkdirSync(join(config.dataDir, 'identity'), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${JSON.stringify({ ...mail, sent_at: new Date().toISOString() })}\n`, {
    mode: 0o600,
  });
  return file;
}

/** Every message in the local mailbox, oldest first. */
export function readLocalMailbox(config: Pick<Config, 'dataDir'>): LocalMail[] {
  const file = mailboxFile(config);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LocalMail);
}
