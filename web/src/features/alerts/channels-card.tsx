import { useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { ChannelTypeSchema, type TestResultSchema } from '../../../../shared/contracts/notifications.js';
import { useServices } from '../../app/services.js';
import { channelsQuery } from '../../app/queries.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import {
  CHANNEL_TYPE_LABELS,
  ChannelFormSchema,
  TARGET_LABELS,
  formatTimestamp,
  type ChannelFormValues,
} from './model.js';
import {
  DeleteConfirm,
  OnOffBadge,
  RowButton,
  AddButton,
  ListState,
  SectionCard,
  SecretDialog,
  useNotifyMutation,
  useOrgLocale,
  type Channel,
  type Report,
} from './common.js';

type TestResult = z.output<typeof TestResultSchema>;

/** Channels: the list, add (email, Slack, Teams, webhook), enable/disable, delete, "Send test" with its outcome. */
export function ChannelsCard({ org }: { org: string }) {
  const { api } = useServices();
  const channels = useQuery(channelsQuery(api, org));
  const { timeZone } = useOrgLocale(org);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string }>();
  const [deleting, setDeleting] = useState<Channel>();
  const [tested, setTested] = useState<{ name: string; result: TestResult }>();
  const [failure, setFailure] = useState<{ title: string; error: unknown }>();
  const actions = (c: Channel) => (
    <ChannelActions
      org={org}
      channel={c}
      onStart={() => {
        setFailure(undefined);
        setTested(undefined);
      }}
      onTested={setTested}
      report={(title, error) => setFailure({ title, error })}
      onDelete={() => setDeleting(c)}
    />
  );
  return (
    <SectionCard
      id="channels"
      title="Channels"
      lead="Where alerts and summaries are sent."
      action={<AddButton label="Add channel" onClick={() => setAdding(true)} />}
    >
      {failure ? <ErrorAlert error={failure.error} title={failure.title} /> : null}
      {tested ? <TestOutcome name={tested.name} result={tested.result} /> : null}
      <ListState
        query={channels}
        what="channels"
        empty="No channels yet. Add an email list, a Slack or Teams webhook, or your own HTTPS endpoint."
      >
        {(items) => (
          <DataTable
            caption="Notification channels"
            columns={channelColumns(timeZone, actions)}
            rows={items}
            rowId={(c) => c.channel_id}
            testId="channels-table"
          />
        )}
      </ListState>
      {adding ? (
        <AddChannelDialog
          org={org}
          onClose={() => setAdding(false)}
          onCreated={(c) => {
            setAdding(false);
            if (c.secret) setSecret({ name: c.name, secret: c.secret });
          }}
        />
      ) : null}
      {secret ? (
        <SecretDialog channelName={secret.name} secret={secret.secret} onDone={() => setSecret(undefined)} />
      ) : null}
      {deleting ? (
        <DeleteConfirm
          org={org}
          title={`Delete the channel "${deleting.name}"?`}
          description="Alerts and summaries stop sending to it. Its delivery history stays."
          confirmLabel="Delete channel"
          remove={() =>
            api.DELETE('/api/v1/notifications/{org}/channels/{channel_id}', {
              params: { path: { org, channel_id: deleting.channel_id } },
            })
          }
          onDone={() => setDeleting(undefined)}
        />
      ) : null}
    </SectionCard>
  );
}

function channelColumns(timeZone: string, actions: (c: Channel) => ReactNode): DataColumn<Channel>[] {
  const target = (c: Channel) => c.config.to?.join(', ') ?? c.config.url_hint ?? '';
  return [
    {
      id: 'name',
      header: 'Name',
      sortValue: (c) => c.name,
      cell: (c) => <span className="font-medium">{c.name}</span>,
    },
    { id: 'type', header: 'Type', sortValue: (c) => c.type, cell: (c) => CHANNEL_TYPE_LABELS[c.type] },
    {
      id: 'target',
      header: 'Sends to',
      sortValue: target,
      cell: (c) => <span className="break-all text-muted">{target(c) || '—'}</span>,
    },
    {
      id: 'enabled',
      header: 'Status',
      sortValue: (c) => (c.enabled ? 'enabled' : 'disabled'),
      cell: (c) => <OnOffBadge on={c.enabled} labels={['Enabled', 'Disabled']} />,
    },
    {
      id: 'created',
      header: 'Added',
      sortValue: (c) => c.created_at,
      cell: (c) => <span data-volatile>{formatTimestamp(c.created_at, timeZone)}</span>,
    },
    {
      id: 'actions',
      header: 'Actions',
      numeric: true,
      sortable: false,
      sortValue: () => null,
      cell: actions,
    },
  ];
}

/** A channel's row actions: "Send test" (its outcome goes to the card), enable/disable, delete. */
function ChannelActions(props: {
  org: string;
  channel: Channel;
  onStart: () => void;
  onTested: (t: { name: string; result: TestResult }) => void;
  report: Report;
  onDelete: () => void;
}) {
  const { api } = useServices();
  const c = props.channel;
  const path = { params: { path: { org: props.org, channel_id: c.channel_id } } };
  const test = useNotifyMutation(props.org, async () => {
    const { data } = await api.POST('/api/v1/notifications/{org}/channels/{channel_id}/test', path);
    return { name: c.name, result: data! };
  });
  const toggle = useNotifyMutation(props.org, () =>
    api.PATCH('/api/v1/notifications/{org}/channels/{channel_id}', {
      ...path,
      body: { enabled: !c.enabled },
    }),
  );
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <RowButton
        label="Send test"
        busyLabel="Sending…"
        ariaLabel={`Send test to ${c.name}`}
        variant="secondary"
        busy={test.isPending}
        onClick={() => {
          props.onStart();
          test
            .mutateAsync(undefined)
            .then(props.onTested, (e: unknown) => props.report(`Could not send a test to ${c.name}`, e));
        }}
      />
      <RowButton
        label={c.enabled ? 'Disable' : 'Enable'}
        ariaLabel={`${c.enabled ? 'Disable' : 'Enable'} ${c.name}`}
        busy={toggle.isPending}
        onClick={() => {
          props.onStart();
          toggle
            .mutateAsync(undefined)
            .catch((e: unknown) =>
              props.report(`Could not ${c.enabled ? 'disable' : 'enable'} ${c.name}`, e),
            );
        }}
      />
      <RowButton label="Delete" ariaLabel={`Delete ${c.name}`} danger onClick={props.onDelete} />
    </div>
  );
}

/** What a test send answered: delivered (with the receiver's status) or the error it met. */
function TestOutcome({ name, result }: { name: string; result: TestResult }) {
  const http = result.http_status === null ? '' : ` (HTTP ${result.http_status})`;
  if (result.status === 'delivered')
    return (
      <div data-testid="channel-test-result" data-status={result.status}>
        <Alert title={`Test to ${name}: delivered${http}`}>
          <p>The receiver accepted the test message. It is in the delivery history below.</p>
        </Alert>
      </div>
    );
  return (
    <div data-testid="channel-test-result" data-status={result.status}>
      <Alert tone="error" title={`Test to ${name}: ${result.status}${http}`}>
        <p>{result.error ?? 'The receiver did not accept the message.'}</p>
        {result.retryable ? <p className="text-xs text-muted">CloudAct will retry it.</p> : null}
      </Alert>
    </div>
  );
}

type Created = { name: string; secret?: string | undefined };

function AddChannelDialog(props: { org: string; onClose: () => void; onCreated: (c: Created) => void }) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>();
  const form = useForm<ChannelFormValues, unknown, z.output<typeof ChannelFormSchema>>({
    resolver: zodResolver(ChannelFormSchema),
    defaultValues: { name: '', type: 'webhook', target: '' },
  });
  const type = useWatch({ control: form.control, name: 'type' });
  const { errors, isSubmitting } = form.formState;
  const target = TARGET_LABELS[type];
  // Not a useMutation: the answer holds the webhook's secret, which must not stay in any cache.
  const submit = async (body: z.output<typeof ChannelFormSchema>) => {
    setFailure(undefined);
    try {
      const { data } = await api.POST('/api/v1/notifications/{org}/channels', {
        params: { path: { org: props.org } },
        body,
      });
      void queryClient.invalidateQueries({ queryKey: ['org', props.org, 'notify'] });
      props.onCreated({ name: data!.name, secret: data!.secret });
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : props.onClose())} title="Add a channel">
      <form onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate className="space-y-4">
        {failure ? <ErrorAlert error={failure} title="Could not add the channel" /> : null}
        <Field id="channel-name" label="Name" error={errors.name?.message}>
          <Input {...fieldAria('channel-name', errors.name?.message)} {...form.register('name')} />
        </Field>
        <Field id="channel-type" label="Type" error={errors.type?.message}>
          <Select {...fieldAria('channel-type', errors.type?.message)} {...form.register('type')}>
            {ChannelTypeSchema.options.map((t) => (
              <option key={t} value={t}>
                {CHANNEL_TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="channel-target" label={target.label} hint={target.hint} error={errors.target?.message}>
          <Input
            {...fieldAria('channel-target', errors.target?.message, true)}
            {...form.register('target')}
            inputMode={type === 'email' ? 'email' : 'url'}
            placeholder={type === 'email' ? 'finops@example.com' : 'https://'}
          />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Adding…' : 'Add channel'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
