import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { Field, fieldAria, Input } from '../../components/ui/input.js';
import type { Credentials } from './credentials.js';

export function CredentialsFields(props: {
  register: UseFormRegister<Credentials>;
  errors: FieldErrors<Credentials>;
  newPassword?: boolean;
}) {
  const { register, errors } = props;
  return (
    <>
      <Field id="email" label="Email" error={errors.email?.message}>
        <Input
          type="email"
          autoComplete="email"
          {...fieldAria('email', errors.email?.message)}
          {...register('email')}
        />
      </Field>
      <Field
        id="password"
        label="Password"
        error={errors.password?.message}
        hint={props.newPassword ? 'At least 6 characters.' : undefined}
      >
        <Input
          type="password"
          autoComplete={props.newPassword ? 'new-password' : 'current-password'}
          {...fieldAria('password', errors.password?.message, props.newPassword)}
          {...register('password')}
        />
      </Field>
    </>
  );
}
