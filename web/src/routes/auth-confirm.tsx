import { useEffect, useState } from 'react';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Auth } from '../app/auth.js';
import { useServices } from '../app/services.js';
import { AuthLayout } from '../features/auth/auth-layout.js';
import { Alert } from '../components/ui/alert.js';
import { Skeleton } from '../components/ui/skeleton.js';

const route = getRouteApi('/confirm');

// A confirmation token works once: one attempt per token even when the page mounts twice.
const attempts = new Map<string, Promise<string | undefined>>();

/**
 * Where the confirmation link lands: `?token_hash=...&type=signup` (the local identity's link, and Supabase's
 * token-hash email template) is exchanged for a session with verifyOtp; a link that already carries the session in
 * its fragment (Supabase's default redirect, implicit flow) was read by supabase-js on load.
 */
async function confirm(auth: Auth, tokenHash: string | undefined): Promise<string | undefined> {
  if (!tokenHash) {
    const { data } = await auth.auth.getSession();
    return data.session ? undefined : 'This link has no confirmation token.';
  }
  let attempt = attempts.get(tokenHash);
  if (!attempt) {
    attempt = auth.auth
      .verifyOtp({ type: 'signup', token_hash: tokenHash })
      .then(({ error }) => error?.message);
    attempts.set(tokenHash, attempt);
  }
  return attempt;
}

export function ConfirmPage() {
  const { auth } = useServices();
  const { token_hash } = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    let live = true;
    void confirm(auth, token_hash).then((error) => {
      if (!live) return;
      if (error) return setFailure(error);
      queryClient.clear();
      router.history.replace('/');
    });
    return () => {
      live = false;
    };
  }, [auth, token_hash, router, queryClient]);

  return (
    <AuthLayout title="Confirming your email">
      {failure ? (
        <div className="space-y-4">
          <Alert tone="error" title="The link did not work">
            {failure} Links work once and for 24 hours; sign up again for a new one.
          </Alert>
          <Link to="/signin" className="text-sm font-medium text-accent underline">
            Go to sign in
          </Link>
        </div>
      ) : (
        <div aria-busy="true" className="space-y-3">
          <p className="text-sm text-muted">Signing you in…</p>
          <Skeleton className="h-10 w-full" />
        </div>
      )}
    </AuthLayout>
  );
}
