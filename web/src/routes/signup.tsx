import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate } from '@tanstack/react-router';
import { MailCheck } from 'lucide-react';
import { useServices } from '../app/services.js';
import { AuthLayout } from '../features/auth/auth-layout.js';
import { CredentialsSchema, type Credentials } from '../features/auth/credentials.js';
import { CredentialsFields } from '../features/auth/credentials-fields.js';
import { Alert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';

export function SignUpPage() {
  const { auth } = useServices();
  const navigate = useNavigate();
  const [sentTo, setSentTo] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const form = useForm<Credentials>({ resolver: zodResolver(CredentialsSchema) });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(undefined);
    const { data, error } = await auth.auth.signUp({
      ...values,
      options: { emailRedirectTo: `${window.location.origin}/confirm` },
    });
    if (error) return setFailure(error.message);
    // Without email confirmation (a Supabase project may turn it off) the answer is a session: go on at once.
    if (data.session) return void navigate({ to: '/onboarding' });
    setSentTo(values.email);
  });

  if (sentTo) return <CheckEmail email={sentTo} />;
  return (
    <AuthLayout title="Create your account">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {failure ? (
          <Alert tone="error" title="Could not sign up">
            {failure}
          </Alert>
        ) : null}
        <CredentialsFields register={form.register} errors={errors} newPassword />
        <Button type="submit" className="w-full" disabled={isSubmitting}>
          {isSubmitting ? 'Creating…' : 'Create account'}
        </Button>
      </form>
      <p className="mt-6 text-sm text-muted">
        Already have an account?{' '}
        <Link to="/signin" className="font-medium text-accent underline">
          Sign in
        </Link>
      </p>
    </AuthLayout>
  );
}

function CheckEmail({ email }: { email: string }) {
  return (
    <AuthLayout title="Check your email">
      <div className="space-y-4 text-sm">
        <p className="flex items-start gap-3">
          <MailCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-accent" />
          <span>
            We sent a confirmation link to <strong>{email}</strong>. Open it to finish signing up: it signs
            you in.
          </span>
        </p>
        <Alert title="Running CloudAct locally?">
          <p>
            No email is sent: the message is the last line of <code>identity/mailbox.jsonl</code> in the data
            dir (<code>.cloudact/</code> by default). Open its <code>app_link</code> in this browser.
          </p>
        </Alert>
        <p className="text-muted">
          Already confirmed?{' '}
          <Link to="/signin" className="font-medium text-accent underline">
            Sign in
          </Link>
        </p>
      </div>
    </AuthLayout>
  );
}
