/**
 * The local identity confirms emails and revokes sessions, as Supabase Auth does with "Confirm email" on.
 * `email_confirmed_at` stays NULL until a link from the local mailbox is followed; accounts made before this
 * migration were confirmed without proof, so they start unconfirmed too (signing up again mails a new link).
 * Each pending confirmation carries the password of the sign-up that asked for it: following the link sets that
 * password, so whoever signed up first with someone else's address loses the account to its owner.
 * A session id in `local_auth_revoked_sessions` refuses that session's access tokens (logout).
 */
export const sql = `
ALTER TABLE local_auth_users ADD COLUMN email_confirmed_at timestamptz;

CREATE TABLE local_auth_confirmations (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES local_auth_users(id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX local_auth_confirmations_user ON local_auth_confirmations (user_id);

CREATE TABLE local_auth_revoked_sessions (
  session_id text PRIMARY KEY,
  revoked_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE local_auth_confirmations ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_auth_revoked_sessions ENABLE ROW LEVEL SECURITY;
`;
