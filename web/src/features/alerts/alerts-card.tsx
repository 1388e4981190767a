import { useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import type { z } from 'zod';
import type {
  AlertSchema,
  AlertTestResultSchema,
  EvaluateResultSchema,
} from '../../../../shared/contracts/alerts.js';
import { useServices } from '../../app/services.js';
import { alertsQuery, channelsQuery } from '../../app/queries.js';
import { RequireRole } from '../org/use-role.js';
import { Alert as Notice, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import {
  KIND_LABELS,
  PERIOD_LABELS,
  alertAmount,
  channelNames,
  formatAmount,
  formatValue,
  scopeText,
} from './model.js';
import {
  DeleteConfirm,
  OnOffBadge,
  RowButton,
  AddButton,
  ListState,
  SectionCard,
  SeverityBadge,
  useNotifyMutation,
  useOrgLocale,
  type Channel,
  type Report,
} from './common.js';
import { CreateAlertDialog } from './create-alert-dialog.js';
import { hierarchyTreeQuery } from '../costs/queries.js';
import { entityNames } from '../costs/labels.js';

type AlertRow = z.output<typeof AlertSchema>;
type Evaluated = z.output<typeof EvaluateResultSchema>;
type Tested = z.output<typeof AlertTestResultSchema>;
type Outcome =
  | { failure: { title: string; error: unknown } }
  | { evaluated: Evaluated }
  | { tested: { alert: AlertRow; result: Tested } };

const periodText = (a: AlertRow) =>
  a.period ? PERIOD_LABELS[a.period] : a.kind === 'forecast' ? PERIOD_LABELS.month : '—';

/** Alerts: the list, create (preset or custom), pause/resume, delete, "Test" per alert, "Evaluate now". */
export function AlertsCard({ org }: { org: string }) {
  const { api } = useServices();
  const alerts = useQuery(alertsQuery(api, org));
  const channels = useQuery(channelsQuery(api, org));
  const { currency } = useOrgLocale(org);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<AlertRow>();
  // The last action's answer: one at a time, cleared when the next starts.
  const [outcome, setOutcome] = useState<Outcome>();
  const items = alerts.data?.items ?? [];
  const channelList = channels.data?.items ?? [];
  const entityName = useEntityName(org);
  const report: Report = (title, error) => setOutcome({ failure: { title, error } });
  const start = () => setOutcome(undefined);
  const actions = (a: AlertRow) => (
    <AlertActions
      org={org}
      alert={a}
      onStart={start}
      onTested={(tested) => setOutcome({ tested })}
      report={report}
      onDelete={() => setDeleting(a)}
    />
  );
  return (
    <SectionCard
      id="alerts"
      title="Alerts"
      lead="Evaluated every day and after each pipeline run; each alert fires at most once per period."
      action={
        <div className="flex gap-2">
          <EvaluateButton
            org={org}
            onStart={start}
            onDone={(evaluated) => setOutcome({ evaluated })}
            report={report}
          />
          <AddButton label="New alert" onClick={() => setCreating(true)} />
        </div>
      }
    >
      {outcome && 'failure' in outcome ? (
        <ErrorAlert error={outcome.failure.error} title={outcome.failure.title} />
      ) : outcome && 'evaluated' in outcome ? (
        <EvaluateOutcome result={outcome.evaluated} alerts={items} currency={currency} />
      ) : outcome ? (
        <TestOutcome {...outcome.tested} currency={currency} channels={channelList} />
      ) : null}
      <ListState
        query={alerts}
        what="alerts"
        empty="No alerts yet. Start from a preset (a monthly budget, a daily spike, stale data) or build your own."
      >
        {(rows) => (
          <DataTable
            caption="Alerts"
            columns={alertColumns(currency, channelList, entityName, actions)}
            rows={rows}
            rowId={(a) => a.alert_id}
            testId="alerts-table"
          />
        )}
      </ListState>
      {creating ? (
        <CreateAlertDialog
          org={org}
          currency={currency}
          channels={channelList}
          onClose={() => setCreating(false)}
        />
      ) : null}
      {deleting ? <DeleteAlert org={org} alert={deleting} onDone={() => setDeleting(undefined)} /> : null}
    </SectionCard>
  );
}

function DeleteAlert(props: { org: string; alert: AlertRow; onDone: () => void }) {
  const { api } = useServices();
  const path = { params: { path: { org: props.org, alert_id: props.alert.alert_id } } };
  return (
    <DeleteConfirm
      org={props.org}
      title={`Delete the alert "${props.alert.name}"?`}
      description="It stops being evaluated and sends nothing more. Its delivery history stays."
      confirmLabel="Delete alert"
      remove={() => api.DELETE('/api/v1/alerts/{org}/{alert_id}', path)}
      onDone={props.onDone}
    />
  );
}

/** A hierarchy entity's name by id (from the tree), for the scope column. */
function useEntityName(org: string) {
  const { api } = useServices();
  const tree = useQuery(hierarchyTreeQuery(api, org));
  const names = useMemo(() => entityNames(tree.data?.roots ?? []), [tree.data]);
  return (id: string) => names.get(id)?.name;
}

function alertColumns(
  currency: string,
  channels: readonly Channel[],
  entityName: (id: string) => string | undefined,
  actions: (a: AlertRow) => ReactNode,
): DataColumn<AlertRow>[] {
  const sendsTo = (a: AlertRow) => channelNames(a.channel_ids, channels).join(', ');
  return [
    {
      id: 'name',
      header: 'Name',
      sortValue: (a) => a.name,
      cell: (a) => <span className="font-medium">{a.name}</span>,
    },
    { id: 'kind', header: 'Kind', sortValue: (a) => KIND_LABELS[a.kind], cell: (a) => KIND_LABELS[a.kind] },
    { id: 'period', header: 'Period', sortValue: periodText, cell: periodText },
    {
      id: 'amount',
      header: 'Fires at',
      numeric: true,
      sortValue: (a) => a.threshold ?? a.percent ?? a.days,
      cell: (a) => alertAmount(a, currency),
    },
    {
      id: 'scope',
      header: 'Scope',
      sortValue: (a) => scopeText(a.scope, entityName),
      cell: (a) => scopeText(a.scope, entityName),
    },
    {
      id: 'channels',
      header: 'Channels',
      sortValue: sendsTo,
      cell: (a) => (a.channel_ids.length === 0 ? <span className="text-muted">None</span> : sendsTo(a)),
    },
    {
      id: 'severity',
      header: 'Severity',
      sortValue: (a) => ['info', 'warning', 'critical'].indexOf(a.severity),
      cell: (a) => <SeverityBadge severity={a.severity} />,
    },
    {
      id: 'enabled',
      header: 'Status',
      sortValue: (a) => (a.enabled ? 'active' : 'paused'),
      cell: (a) => <OnOffBadge on={a.enabled} labels={['Active', 'Paused']} />,
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

/** "Evaluate now": the org's enabled alerts, delivering what fires; the answer goes to the card. */
function EvaluateButton(props: {
  org: string;
  onStart: () => void;
  onDone: (r: Evaluated) => void;
  report: Report;
}) {
  const { api } = useServices();
  const evaluate = useNotifyMutation(
    props.org,
    async () =>
      (await api.POST('/api/v1/alerts/{org}/evaluate', { params: { path: { org: props.org } } })).data!,
  );
  return (
    <RequireRole min="admin">
      {(disabled) => (
        <Button
          size="sm"
          variant="secondary"
          disabled={disabled || evaluate.isPending}
          onClick={() => {
            props.onStart();
            evaluate
              .mutateAsync(undefined)
              .then(props.onDone, (e: unknown) => props.report('Could not evaluate the alerts', e));
          }}
        >
          <Play aria-hidden="true" className="size-4" />
          {evaluate.isPending ? 'Evaluating…' : 'Evaluate now'}
        </Button>
      )}
    </RequireRole>
  );
}

/** An alert's row actions: "Test" (its outcome goes to the card), pause/resume, delete. */
function AlertActions(props: {
  org: string;
  alert: AlertRow;
  onStart: () => void;
  onTested: (t: { alert: AlertRow; result: Tested }) => void;
  report: Report;
  onDelete: () => void;
}) {
  const { api } = useServices();
  const a = props.alert;
  const path = { params: { path: { org: props.org, alert_id: a.alert_id } } };
  const test = useNotifyMutation(props.org, async () => ({
    alert: a,
    result: (await api.POST('/api/v1/alerts/{org}/{alert_id}/test', path)).data!,
  }));
  const pause = useNotifyMutation(props.org, () =>
    a.enabled
      ? api.POST('/api/v1/alerts/{org}/{alert_id}/pause', path)
      : api.POST('/api/v1/alerts/{org}/{alert_id}/resume', path),
  );
  const verb = a.enabled ? 'Pause' : 'Resume';
  return (
    <div className="flex justify-end gap-1">
      <RowButton
        label="Test"
        busyLabel="Testing…"
        ariaLabel={`Test ${a.name}`}
        variant="secondary"
        busy={test.isPending}
        onClick={() => {
          props.onStart();
          test
            .mutateAsync(undefined)
            .then(props.onTested, (e: unknown) => props.report(`Could not test ${a.name}`, e));
        }}
      />
      <RowButton
        label={verb}
        ariaLabel={`${verb} ${a.name}`}
        busy={pause.isPending}
        onClick={() => {
          props.onStart();
          pause
            .mutateAsync(undefined)
            .catch((e: unknown) => props.report(`Could not ${verb.toLowerCase()} ${a.name}`, e));
        }}
      />
      <RowButton label="Delete" ariaLabel={`Delete ${a.name}`} danger onClick={props.onDelete} />
    </div>
  );
}

const periodOf = (start: string, end: string) => (start === end ? start : `${start} to ${end}`);

/** What "Evaluate now" answered: how many alerts, and each that fired with its value and period. */
function EvaluateOutcome(props: { result: Evaluated; alerts: readonly AlertRow[]; currency: string }) {
  const { evaluated, fired } = props.result;
  const title = `Evaluated ${evaluated} ${evaluated === 1 ? 'alert' : 'alerts'}: ${
    fired.length === 0 ? 'nothing new fired' : `${fired.length} fired`
  }`;
  return (
    <div data-testid="evaluate-result">
      <Notice title={title}>
        {fired.length === 0 ? (
          <p>An alert that already fired for its period is not sent again.</p>
        ) : (
          <ul className="list-disc space-y-0.5 pl-5">
            {fired.map((f) => {
              const a = props.alerts.find((x) => x.alert_id === f.alert_id);
              const over =
                f.threshold !== null && a ? ` over ${formatAmount(a.kind, f.threshold, props.currency)}` : '';
              return (
                <li key={`${f.alert_id}-${f.period_start}`}>
                  <strong>{a?.name ?? 'An alert'}</strong>: {formatValue(a?.kind, f.value, props.currency)}
                  {over} ({periodOf(f.period_start, f.period_end)})
                </li>
              );
            })}
          </ul>
        )}
      </Notice>
    </div>
  );
}

function TestOutcome(props: {
  alert: AlertRow;
  result: Tested;
  currency: string;
  channels: readonly { channel_id: string; name: string }[];
}) {
  const { alert: a, result: r, currency } = props;
  const failed = r.deliveries.some((d) => d.status === 'failed');
  const period = r.period_start && r.period_end ? ` for ${periodOf(r.period_start, r.period_end)}` : '';
  return (
    <div data-testid="alert-test-result">
      <Notice
        tone={failed ? 'error' : 'info'}
        title={`Test of ${a.name}: ${r.would_fire ? 'would fire' : 'would not fire'}`}
      >
        <p>
          Now {formatValue(a.kind, r.value, currency)}
          {r.threshold !== null ? ` against ${formatAmount(a.kind, r.threshold, currency)}` : ''}
          {period}.
        </p>
        {r.deliveries.length === 0 ? (
          <p>No channel to send the test message to.</p>
        ) : (
          <ul className="list-disc pl-5">
            {r.deliveries.map((d) => (
              <li key={d.delivery_id}>
                {channelNames([d.channel_id], props.channels)[0]}: {d.status}
                {d.error ? ` (${d.error})` : ''}
              </li>
            ))}
          </ul>
        )}
      </Notice>
    </div>
  );
}
