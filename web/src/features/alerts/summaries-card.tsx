import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import {
  SummaryFrequencySchema,
  type SummarySubscriptionSchema,
} from '../../../../shared/contracts/notifications.js';
import { useServices } from '../../app/services.js';
import { channelsQuery, summariesQuery } from '../../app/queries.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Select } from '../../components/ui/input.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import {
  FREQUENCY_LABELS,
  SummaryFormSchema,
  channelNames,
  formatTimestamp,
  type SummaryFormValues,
} from './model.js';
import {
  ChannelPicker,
  DeleteConfirm,
  OnOffBadge,
  RowButton,
  AddButton,
  ListState,
  SectionCard,
  useNotifyMutation,
  useOrgLocale,
  type Channel,
  type Report,
} from './common.js';

type Summary = z.output<typeof SummarySubscriptionSchema>;

const WHAT: Record<Summary['frequency'], string> = {
  daily: 'yesterday',
  weekly: 'last week (Monday to Sunday)',
  monthly: 'last month',
};

/** Scheduled digests (totals, change, top movers, unpriced usage, failed runs) to channels. */
export function SummariesCard({ org }: { org: string }) {
  const { api } = useServices();
  const summaries = useQuery(summariesQuery(api, org));
  const channels = useQuery(channelsQuery(api, org));
  const { timeZone } = useOrgLocale(org);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Summary>();
  const [failure, setFailure] = useState<{ title: string; error: unknown }>();
  const channelList = channels.data?.items ?? [];
  const actions = (s: Summary) => (
    <SummaryActions
      org={org}
      summary={s}
      onStart={() => setFailure(undefined)}
      report={(title, error) => setFailure({ title, error })}
      onDelete={() => setDeleting(s)}
    />
  );
  return (
    <SectionCard
      id="summaries"
      title="Summaries"
      lead="A digest of the period: totals, the change, top movers, unpriced usage and failed runs."
      action={<AddButton label="Add summary" onClick={() => setAdding(true)} />}
    >
      {failure ? <ErrorAlert error={failure.error} title={failure.title} /> : null}
      <ListState query={summaries} what="summaries" empty="No summaries yet.">
        {(items) => (
          <DataTable
            caption="Scheduled summaries"
            columns={summaryColumns(timeZone, channelList, actions)}
            rows={items}
            rowId={(s) => s.summary_id}
            testId="summaries-table"
          />
        )}
      </ListState>
      {adding ? <AddSummaryDialog org={org} channels={channelList} onClose={() => setAdding(false)} /> : null}
      {deleting ? (
        <DeleteConfirm
          org={org}
          title={`Stop the ${deleting.frequency} summary?`}
          description="No more digests are sent to its channels. Its delivery history stays."
          confirmLabel="Delete summary"
          remove={() =>
            api.DELETE('/api/v1/notifications/{org}/summaries/{summary_id}', {
              params: { path: { org, summary_id: deleting.summary_id } },
            })
          }
          onDone={() => setDeleting(undefined)}
        />
      ) : null}
    </SectionCard>
  );
}

function summaryColumns(
  timeZone: string,
  channels: readonly Channel[],
  actions: (s: Summary) => ReactNode,
): DataColumn<Summary>[] {
  const sendsTo = (s: Summary) => channelNames(s.channel_ids, channels).join(', ');
  return [
    {
      id: 'frequency',
      header: 'Frequency',
      sortValue: (s) => ['daily', 'weekly', 'monthly'].indexOf(s.frequency),
      cell: (s) => (
        <span>
          <span className="font-medium">{FREQUENCY_LABELS[s.frequency]}</span>
          <span className="block text-xs text-muted">Covers {WHAT[s.frequency]}</span>
        </span>
      ),
    },
    { id: 'channels', header: 'Channels', sortValue: sendsTo, cell: sendsTo },
    {
      id: 'enabled',
      header: 'Status',
      sortValue: (s) => (s.enabled ? 'enabled' : 'disabled'),
      cell: (s) => <OnOffBadge on={s.enabled} labels={['Enabled', 'Disabled']} />,
    },
    {
      id: 'last_sent',
      header: 'Last sent',
      sortValue: (s) => s.last_sent_at,
      cell: (s) =>
        s.last_sent_at ? (
          <span data-volatile>{formatTimestamp(s.last_sent_at, timeZone)}</span>
        ) : (
          <span className="text-muted">Not yet</span>
        ),
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

function SummaryActions(props: {
  org: string;
  summary: Summary;
  onStart: () => void;
  report: Report;
  onDelete: () => void;
}) {
  const { api } = useServices();
  const s = props.summary;
  const toggle = useNotifyMutation(props.org, () =>
    api.PATCH('/api/v1/notifications/{org}/summaries/{summary_id}', {
      params: { path: { org: props.org, summary_id: s.summary_id } },
      body: { enabled: !s.enabled },
    }),
  );
  return (
    <div className="flex justify-end gap-1">
      <RowButton
        label={s.enabled ? 'Disable' : 'Enable'}
        ariaLabel={`${s.enabled ? 'Disable' : 'Enable'} the ${s.frequency} summary`}
        busy={toggle.isPending}
        onClick={() => {
          props.onStart();
          toggle
            .mutateAsync(undefined)
            .catch((e: unknown) => props.report(`Could not change the ${s.frequency} summary`, e));
        }}
      />
      <RowButton
        label="Delete"
        ariaLabel={`Delete the ${s.frequency} summary`}
        danger
        onClick={props.onDelete}
      />
    </div>
  );
}

function AddSummaryDialog(props: { org: string; channels: readonly Channel[]; onClose: () => void }) {
  const { api } = useServices();
  const create = useNotifyMutation(props.org, async (body: z.output<typeof SummaryFormSchema>) => {
    await api.POST('/api/v1/notifications/{org}/summaries', { params: { path: { org: props.org } }, body });
  });
  const form = useForm<SummaryFormValues, unknown, z.output<typeof SummaryFormSchema>>({
    resolver: zodResolver(SummaryFormSchema),
    defaultValues: { frequency: 'weekly', channel_ids: [] },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = async (body: z.output<typeof SummaryFormSchema>) => {
    try {
      await create.mutateAsync(body);
      props.onClose();
    } catch {
      // shown from create.error
    }
  };
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : props.onClose())} title="Add a summary">
      <form onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate className="space-y-4">
        {create.error ? <ErrorAlert error={create.error} title="Could not add the summary" /> : null}
        <Field id="summary-frequency" label="Frequency" error={errors.frequency?.message}>
          <Select
            {...fieldAria('summary-frequency', errors.frequency?.message)}
            {...form.register('frequency')}
          >
            {SummaryFrequencySchema.options.map((f) => (
              <option key={f} value={f}>
                {FREQUENCY_LABELS[f]}
              </option>
            ))}
          </Select>
        </Field>
        <ChannelPicker
          control={form.control}
          name="channel_ids"
          channels={props.channels}
          legend="Send to"
          error={errors.channel_ids?.message}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Adding…' : 'Add summary'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
