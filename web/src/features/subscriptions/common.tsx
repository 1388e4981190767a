import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/errors.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { cn } from '../../components/ui/cn.js';
import { RequireRole } from '../org/use-role.js';
import { apiFieldErrors } from './model.js';

/**
 * A write of this page: afterwards (success or not) every SaaS read of the org is refreshed (providers, plans and
 * the renewals, keys ['org', org, 'subscriptions', ...]), as one write can change another list (a plan count).
 */
export function useSaasWrite<TArg, TResult>(org: string, fn: (arg: TArg) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['org', org, 'subscriptions'] }),
  });
}

/** A refused write's field errors (a 400's details), none for any other failure. */
export const fieldErrorsOf = (error: unknown): Record<string, string> =>
  error instanceof ApiError && error.status === 400 ? apiFieldErrors(error.details) : {};

const BADGE = 'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium';

/** On or off as a word (the word carries the meaning). */
export function OnOffBadge({ on, labels }: { on: boolean; labels: [on: string, off: string] }) {
  return (
    <span className={cn(BADGE, on ? 'border-success/50 text-success' : 'border-line text-muted')}>
      {on ? labels[0] : labels[1]}
    </span>
  );
}

/** A write control (admin only; viewers and members see it disabled with the role it needs). */
export function WriteButton(props: {
  label: ReactNode;
  ariaLabel?: string;
  busy?: boolean;
  size?: 'sm' | 'md';
  variant?: 'primary' | 'secondary' | 'ghost';
  danger?: boolean;
  onClick: () => void;
}) {
  return (
    <RequireRole min="admin">
      {(disabled) => (
        <Button
          size={props.size ?? 'sm'}
          variant={props.variant ?? 'ghost'}
          className={props.danger ? 'text-danger' : undefined}
          disabled={disabled || props.busy}
          aria-label={props.ariaLabel}
          onClick={props.onClick}
        >
          {props.label}
        </Button>
      )}
    </RequireRole>
  );
}

/**
 * "Are you sure": names what goes and what stays; `run` on confirm, its error stays in the dialog, `onDone` closes
 * it (after the write, with its result, or on cancel without one).
 */
export function ConfirmDialog<T>(props: {
  org: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  run: () => Promise<T>;
  onDone: (result?: T) => void;
}) {
  const write = useSaasWrite(props.org, props.run);
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onDone())}
      title={props.title}
      description={props.description}
    >
      <div className="space-y-4">
        {write.error ? <ErrorAlert error={write.error} title="It did not go through" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => props.onDone()}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={write.isPending}
            onClick={() => void write.mutateAsync(undefined).then(props.onDone, () => {})}
          >
            {write.isPending ? props.busyLabel : props.confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
