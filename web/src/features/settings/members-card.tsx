import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { UserPlus } from 'lucide-react';
import { RoleSchema, type Role } from '../../../../shared/contracts/roles.js';
import { useServices } from '../../app/services.js';
import { orgProfileQuery, quotaQuery } from '../../app/queries.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { formatTimestamp } from '../alerts/model.js';
import { RequireRole, useMembership, useRole } from '../org/use-role.js';
import { Loaded, SettingsCard, useSettingsWrite } from './common.js';
import { membersQuery } from './queries.js';
import {
  ROLE_HINTS,
  ROLE_LABELS,
  byRole,
  grantableRoles,
  mayManage,
  seatFree,
  seatsText,
  type Member,
} from './model.js';

const InviteSchema = z.object({
  email: z.email('Enter an email address').max(254),
  role: RoleSchema,
});
type InviteValues = z.infer<typeof InviteSchema>;

// A member write refreshes the list and the seat count.
const REFRESH = ['members', 'quota'] as const;

/** The invite form and its write: a success is reported and clears the email (keeping the role). */
function useInviteForm(org: string) {
  const { api } = useServices();
  const [invited, setInvited] = useState<Member>();
  const form = useForm<InviteValues>({
    resolver: zodResolver(InviteSchema),
    defaultValues: { email: '', role: 'viewer' },
  });
  const invite = useSettingsWrite(org, REFRESH, async (v: InviteValues) => {
    const { data } = await api.PUT('/api/v1/organizations/{org}/members/{email}', {
      params: { path: { org, email: v.email } },
      body: { role: v.role },
    });
    return data!;
  });
  const onSubmit = form.handleSubmit(async (v) => {
    setInvited(undefined);
    await invite.mutateAsync(v).then(
      (m) => {
        setInvited(m);
        form.reset({ email: '', role: v.role });
      },
      () => {},
    );
  });
  return { form, invite, invited, onSubmit };
}

/** Email, role (those the user may grant) and Invite; disabled for non-admins and when every seat is taken. */
function InviteFields(props: {
  invite: ReturnType<typeof useInviteForm>;
  roles: readonly Role[];
  disabled: boolean;
  full: boolean;
}) {
  const { form, invite, onSubmit } = props.invite;
  const error = form.formState.errors.email?.message;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-3">
      <fieldset disabled={props.disabled} className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <legend className="sr-only">Invite a member</legend>
        <Field id="invite-email" label="Email" error={error}>
          <Input
            type="email"
            autoComplete="off"
            {...fieldAria('invite-email', error)}
            {...form.register('email')}
          />
        </Field>
        <Field id="invite-role" label="Role">
          <Select id="invite-role" {...form.register('role')}>
            {(props.roles.length ? props.roles : (['viewer'] as Role[])).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <RequireRole min="admin">
          {(disabled) => (
            <Button type="submit" disabled={disabled || props.full || invite.isPending}>
              <UserPlus aria-hidden="true" className="size-4" />
              {invite.isPending ? 'Inviting…' : 'Invite'}
            </Button>
          )}
        </RequireRole>
      </fieldset>
    </form>
  );
}

/** What each role may do. */
function RoleHints() {
  return (
    <ul className="grid gap-1 text-xs text-muted sm:grid-cols-2">
      {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
        <li key={r}>
          <span className="font-medium text-text">{ROLE_LABELS[r]}</span>: {ROLE_HINTS[r]}
        </li>
      ))}
    </ul>
  );
}

/** Invite by email within the plan's seats (PUT …/members/{email}); admins and owners only. */
export function InviteCard({ org }: { org: string }) {
  const { api } = useServices();
  const { role, can } = useRole();
  const quota = useQuery(quotaQuery(api, org));
  const inviting = useInviteForm(org);
  const { invite, invited } = inviting;
  const seats = quota.data?.seats;
  const full = seats ? !seatFree(seats) : false;
  return (
    <SettingsCard
      id="invite"
      title="Invite a member"
      lead={
        <>
          They get access when they sign in, or sign up, with this email.{' '}
          {seats ? <span data-testid="seats">{seatsText(seats)}.</span> : null}
        </>
      }
    >
      <InviteFields
        invite={inviting}
        roles={grantableRoles(role)}
        disabled={!can('admin') || full}
        full={full}
      />
      {full ? (
        <Alert title="Every seat is taken">
          <p>Remove a member or move to a plan with more seats (Billing) to invite someone else.</p>
        </Alert>
      ) : null}
      {invite.error ? <ErrorAlert error={invite.error} title="Could not invite" /> : null}
      {invited ? (
        <p role="status" className="text-sm text-success">
          {invited.email} was added as {ROLE_LABELS[invited.role].toLowerCase()}.
        </p>
      ) : null}
      <RoleHints />
    </SettingsCard>
  );
}

/** The members table's columns: email (you marked), role (a select), status, added, Remove. */
function memberColumns(ctx: {
  org: string;
  myEmail: string | undefined;
  timeZone: string;
  setFailure: (failure: { title: string; error: unknown } | undefined) => void;
  setRemoving: (member: Member) => void;
}): DataColumn<Member>[] {
  const { org, myEmail, timeZone, setFailure, setRemoving } = ctx;
  return [
    {
      id: 'email',
      header: 'Email',
      sortValue: (m) => m.email,
      cell: (m) => (
        <span className="font-medium break-all">
          {m.email}
          {m.email === myEmail ? <span className="text-muted"> (you)</span> : null}
        </span>
      ),
    },
    {
      id: 'role',
      header: 'Role',
      sortValue: (m) => m.role,
      cell: (m) => (
        <RoleSelect
          org={org}
          member={m}
          onStart={() => setFailure(undefined)}
          report={(title, error) => setFailure({ title, error })}
        />
      ),
    },
    {
      id: 'status',
      header: 'Status',
      sortValue: (m) => (m.user_id ? 'joined' : 'invited'),
      cell: (m) => (m.user_id ? 'Joined' : <span className="text-muted">Invited, not signed in yet</span>),
    },
    {
      id: 'added',
      header: 'Added',
      sortValue: (m) => m.created_at,
      cell: (m) => <span data-volatile>{formatTimestamp(m.created_at, timeZone)}</span>,
    },
    {
      id: 'actions',
      header: 'Actions',
      numeric: true,
      sortable: false,
      sortValue: () => null,
      cell: (m) => (
        <RequireRole min={m.role === 'owner' ? 'owner' : 'admin'}>
          {(disabled) => (
            <Button
              size="sm"
              variant="ghost"
              className="text-danger"
              disabled={disabled}
              aria-label={`Remove ${m.email}`}
              onClick={() => {
                setFailure(undefined);
                setRemoving(m);
              }}
            >
              Remove
            </Button>
          )}
        </RequireRole>
      ),
    },
  ];
}

/** The members, their roles (changed in place) and Remove with a confirmation; the last owner stays. */
export function MembersCard({ org }: { org: string }) {
  const { api } = useServices();
  const members = useQuery(membersQuery(api, org));
  const { timeZone } = useOrgTimeZone(org);
  const { me } = useMembership();
  const [failure, setFailure] = useState<{ title: string; error: unknown }>();
  const [removing, setRemoving] = useState<Member>();
  const columns = memberColumns({
    org,
    myEmail: me.user.email?.toLowerCase(),
    timeZone,
    setFailure,
    setRemoving,
  });
  return (
    <SettingsCard
      id="members"
      title="Members"
      lead="Everyone who can open this organization, and what they may do."
    >
      {failure ? <ErrorAlert error={failure.error} title={failure.title} /> : null}
      <Loaded query={members} what="members">
        {(list) => (
          <DataTable
            caption="Members"
            columns={columns}
            rows={byRole(list.items)}
            rowId={(m) => m.email}
            testId="members-table"
          />
        )}
      </Loaded>
      {removing ? <RemoveDialog org={org} member={removing} onDone={() => setRemoving(undefined)} /> : null}
    </SettingsCard>
  );
}

function useOrgTimeZone(org: string) {
  const { api } = useServices();
  const profile = useQuery(orgProfileQuery(api, org));
  return { timeZone: profile.data?.timezone ?? 'UTC' };
}

/** A member's role as a select (applied on change); read-only text for whoever may not change it. */
function RoleSelect(props: {
  org: string;
  member: Member;
  onStart: () => void;
  report: (title: string, error: unknown) => void;
}) {
  const { api } = useServices();
  const { role } = useRole();
  const m = props.member;
  const change = useSettingsWrite(props.org, REFRESH, (next: Role) =>
    api.PUT('/api/v1/organizations/{org}/members/{email}', {
      params: { path: { org: props.org, email: m.email } },
      body: { role: next },
    }),
  );
  const manage = mayManage(role, m);
  // An owner row is listed with "owner" even for an admin, who may not grant it.
  const options = manage ? grantableRoles(role) : [m.role];
  return (
    <RequireRole min={m.role === 'owner' ? 'owner' : 'admin'}>
      {(disabled) => (
        <Select
          aria-label={`Role of ${m.email}`}
          className="h-8 w-32"
          value={m.role}
          disabled={disabled || !manage || change.isPending}
          onChange={(e) => {
            const next = e.target.value as Role;
            props.onStart();
            change
              .mutateAsync(next)
              .catch((err: unknown) => props.report(`Could not change the role of ${m.email}`, err));
          }}
        >
          {options.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
      )}
    </RequireRole>
  );
}

/** "Remove x?": says what they lose; the API's refusal (the last owner) stays in the dialog. */
function RemoveDialog(props: { org: string; member: Member; onDone: () => void }) {
  const { api } = useServices();
  const remove = useSettingsWrite(props.org, REFRESH, () =>
    api.DELETE('/api/v1/organizations/{org}/members/{email}', {
      params: { path: { org: props.org, email: props.member.email } },
    }),
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onDone())}
      title={`Remove ${props.member.email}?`}
      description="They lose access to this organization at once and their seat is freed. What they set up stays."
    >
      <div className="space-y-4">
        {remove.error ? <ErrorAlert error={remove.error} title="Could not remove" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onDone}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() => void remove.mutateAsync(undefined).then(props.onDone, () => {})}
          >
            {remove.isPending ? 'Removing…' : 'Remove member'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
