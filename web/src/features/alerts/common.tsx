import { useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { Check, CircleAlert, Clock, Copy, Plus } from 'lucide-react';
import type { z } from 'zod';
import type { ChannelSchema } from '../../../../shared/contracts/notifications.js';
import { useServices } from '../../app/services.js';
import { orgProfileQuery } from '../../app/queries.js';
import { Button } from '../../components/ui/button.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { cn } from '../../components/ui/cn.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { RequireRole } from '../org/use-role.js';
import { CHANNEL_TYPE_LABELS } from './model.js';

export type Channel = z.output<typeof ChannelSchema>;

/** The org's currency and time zone (profile), USD and UTC until it loads. */
export function useOrgLocale(org: string) {
  const { api } = useServices();
  const profile = useQuery(orgProfileQuery(api, org));
  return { currency: profile.data?.currency ?? 'USD', timeZone: profile.data?.timezone ?? 'UTC' };
}

/**
 * A write of this page: on success (or failure) every alerts and notifications read of the org is refreshed, as
 * a write to one (a channel deleted) can change another (an alert's channel list).
 */
export function useNotifyMutation<TArg, TResult>(org: string, fn: (arg: TArg) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['org', org, 'notify'] }),
  });
}

const BADGE = 'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium';

/** A delivery's status as a word with an icon (the word carries the meaning). */
export function DeliveryBadge({ status }: { status: 'delivered' | 'retrying' | 'failed' }) {
  const [Icon, tone] =
    status === 'delivered'
      ? [Check, 'border-success/50 text-success']
      : status === 'failed'
        ? [CircleAlert, 'border-danger/50 text-danger']
        : [Clock, 'border-line text-muted'];
  return (
    <span className={cn(BADGE, tone)} data-status={status}>
      <Icon aria-hidden="true" className="size-3" />
      {status.charAt(0).toUpperCase() + status.slice(1)}
    </span>
  );
}

/** On or off (an alert Active/Paused, a channel Enabled/Disabled). */
export function OnOffBadge({ on, labels }: { on: boolean; labels: [on: string, off: string] }) {
  return (
    <span className={cn(BADGE, on ? 'border-success/50 text-success' : 'border-line text-muted')}>
      {on ? labels[0] : labels[1]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: 'info' | 'warning' | 'critical' }) {
  const tone =
    severity === 'critical'
      ? 'border-danger/50 text-danger'
      : severity === 'warning'
        ? 'border-text/40 text-text'
        : 'border-line text-muted';
  return <span className={cn(BADGE, tone)}>{severity.charAt(0).toUpperCase() + severity.slice(1)}</span>;
}

/**
 * "Are you sure": names what goes and says what stays; `remove` runs on confirm, its error stays in the dialog,
 * and `onDone` closes it (after a delete or on cancel).
 */
export function DeleteConfirm(props: {
  org: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  remove: () => Promise<unknown>;
  onDone: () => void;
}) {
  const remove = useNotifyMutation(props.org, props.remove);
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onDone())}
      title={props.title}
      description={props.description}
    >
      <div className="space-y-4">
        {remove.error ? <ErrorAlert error={remove.error} title="Could not delete" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onDone}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() => void remove.mutateAsync(undefined).then(props.onDone, () => {})}
          >
            {remove.isPending ? 'Deleting…' : props.confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** Placeholder rows of a table while it loads. */
export function RowsSkeleton({ rows }: { rows: number }) {
  return (
    <div className="space-y-2" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-9" />
      ))}
    </div>
  );
}

/** Where a row action reports a failure: the card shows it with the API's message. */
export type Report = (title: string, error: unknown) => void;

/** A small write control of a table row (admin only; viewers see it disabled). */
export function RowButton(props: {
  label: string;
  ariaLabel: string;
  busy?: boolean;
  busyLabel?: string;
  variant?: 'secondary' | 'ghost';
  danger?: boolean;
  onClick: () => void;
}) {
  return (
    <RequireRole min="admin">
      {(disabled) => (
        <Button
          size="sm"
          variant={props.variant ?? 'ghost'}
          className={props.danger ? 'text-danger' : undefined}
          disabled={disabled || props.busy}
          aria-label={props.ariaLabel}
          onClick={props.onClick}
        >
          {props.busy && props.busyLabel ? props.busyLabel : props.label}
        </Button>
      )}
    </RequireRole>
  );
}

/** A form's channel list: one checkbox per channel, the value an array of channel ids. */
export function ChannelPicker<T extends FieldValues, TOut extends FieldValues>(props: {
  control: Control<T, unknown, TOut>;
  name: FieldPath<T>;
  channels: readonly Channel[];
  legend: string;
  error?: string | undefined;
}) {
  const { field } = useController({ control: props.control, name: props.name });
  const value = (field.value ?? []) as string[];
  const errorId = `${props.name}-error`;
  return (
    <fieldset
      className="space-y-1.5"
      aria-invalid={props.error ? true : undefined}
      aria-describedby={props.error ? errorId : undefined}
    >
      <legend className="text-sm font-medium">{props.legend}</legend>
      {props.channels.length === 0 ? (
        <p className="text-xs text-muted">No channels yet: add one under Channels first.</p>
      ) : (
        <ul className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-line p-2">
          {props.channels.map((c) => (
            <li key={c.channel_id}>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-[var(--accent)]"
                  checked={value.includes(c.channel_id)}
                  onBlur={field.onBlur}
                  onChange={(e) =>
                    field.onChange(
                      e.target.checked ? [...value, c.channel_id] : value.filter((id) => id !== c.channel_id),
                    )
                  }
                />
                <span>{c.name}</span>
                <span className="text-xs text-muted">
                  {CHANNEL_TYPE_LABELS[c.type]}
                  {c.enabled ? '' : ' · disabled'}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {props.error ? (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * A new webhook's signing secret, shown once: it lives only in this component's props (never in the query cache,
 * storage or the URL) and is gone when the dialog closes.
 */
export function SecretDialog(props: { channelName: string; secret: string; onDone: () => void }) {
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(props.secret);
    setCopied(true);
  };
  return (
    <Dialog
      open
      modal
      title="Webhook signing secret"
      description={`Your endpoint checks each request from "${props.channelName}" with this secret (X-CloudAct-Signature: HMAC-SHA256 of "<timestamp>.<body>"). It is shown once: store it now.`}
    >
      <div className="space-y-4">
        <div className="flex items-center gap-2">
          <code
            data-testid="webhook-secret"
            className="min-w-0 flex-1 rounded-md border border-line bg-surface-2 px-3 py-2 text-xs break-all select-all"
          >
            {props.secret}
          </code>
          <Button variant="secondary" size="sm" onClick={() => void copy()} aria-label="Copy the secret">
            {copied ? (
              <Check aria-hidden="true" className="size-4" />
            ) : (
              <Copy aria-hidden="true" className="size-4" />
            )}
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={stored}
            onChange={(e) => setStored(e.target.checked)}
            className="size-4 accent-[var(--accent)]"
          />
          I have stored it
        </label>
        <div className="flex justify-end">
          <Button disabled={!stored} onClick={props.onDone}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** A card of this page: heading (with its actions), one line on what it is for, then its content. */
export function SectionCard(props: {
  id: string;
  title: string;
  lead: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby={`${props.id}-title`} data-testid={props.id}>
      <CardTitle action={props.action}>
        <span id={`${props.id}-title`}>{props.title}</span>
      </CardTitle>
      <p className="mb-3 text-sm text-muted">{props.lead}</p>
      <div className="space-y-3">{props.children}</div>
    </Card>
  );
}

/** The card's "add" control (admin only; viewers see it disabled). */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <RequireRole min="admin">
      {(disabled) => (
        <Button size="sm" disabled={disabled} onClick={onClick}>
          <Plus aria-hidden="true" className="size-4" />
          {label}
        </Button>
      )}
    </RequireRole>
  );
}

/** A list read's states: placeholder rows, the API's error, the empty text, or the rows. */
export function ListState<T>(props: {
  query: { isPending: boolean; error: unknown; data?: { items: T[] } | undefined };
  what: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <RowsSkeleton rows={3} />;
  if (!query.data) return <ErrorAlert error={query.error} title={`Could not load the ${props.what}`} />;
  if (query.data.items.length === 0) return <p className="text-sm text-muted">{props.empty}</p>;
  return props.children(query.data.items);
}
