import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { useServices } from '../app/services.js';
import { safeReturnPath } from '../app/guards.js';
import { AuthLayout } from '../features/auth/auth-layout.js';
import { CredentialsSchema, type Credentials } from '../features/auth/credentials.js';
import { CredentialsFields } from '../features/auth/credentials-fields.js';
import { Alert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';

const route = getRouteApi('/signin');

export function SignInPage() {
  const { auth, config } = useServices();
  const { redirect } = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string>();
  const form = useForm<Credentials>({ resolver: zodResolver(CredentialsSchema) });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(undefined);
    const { error } = await auth.auth.signInWithPassword(values);
    if (error) return setFailure(error.message);
    queryClient.clear();
    router.history.push(safeReturnPath(redirect));
  });

  const demo = config.local_demo;
  return (
    <AuthLayout title="Sign in to CloudAct">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {failure ? (
          <Alert tone="error" title="Could not sign in">
            {failure}
          </Alert>
        ) : null}
        <CredentialsFields register={form.register} errors={errors} />
        <Button type="submit" className="w-full" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="mt-6 text-sm text-muted">
        New to CloudAct?{' '}
        <Link to="/signup" className="font-medium text-accent underline">
          Create an account
        </Link>
      </p>
      {demo ? (
        <div className="mt-8">
          <Alert title="Local demo">
            <p>
              The demo org&apos;s user: <code>{demo.user_email}</code> / <code>{demo.user_password}</code>
            </p>
            <Button
              variant="secondary"
              size="sm"
              className="mt-2"
              onClick={() => {
                form.setValue('email', demo.user_email);
                form.setValue('password', demo.user_password);
              }}
            >
              Use the demo login
            </Button>
          </Alert>
        </div>
      ) : null}
    </AuthLayout>
  );
}
