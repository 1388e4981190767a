import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Play } from 'lucide-react';
import { MAX_RUN_DAYS } from '../../../../shared/contracts/pipelines.js';
import { useServices } from '../../app/services.js';
import { quotaQuery } from '../../app/queries.js';
import { freshnessQuery } from '../costs/queries.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Button } from '../../components/ui/button.js';
import { Field, Input, Select, fieldAria } from '../../components/ui/input.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { nextImportRange } from '../../lib/import-range.js';
import { formatDay, utcToday } from '../../lib/utc-days.js';
import {
  checkRunRange,
  dataThroughFor,
  pipelinePath,
  runsLeft,
  type Integration,
  type PipelineInfo,
  type RunBody,
} from './model.js';
import { watchRun } from './watch.js';

/** Starts a run; on success it is followed (watchRun), the runs and quota are read again and its detail opens. */
function useStartRun(org: string, pipeline: PipelineInfo, onStarted: () => void) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async (body: RunBody) => {
      const { data } = await api.POST('/api/v1/pipelines/run/{org}/{provider}/{domain}/{pipeline}', {
        params: { path: { org, ...pipelinePath(pipeline.pipeline_id) } },
        body,
      });
      return data!;
    },
    onSuccess: async (data) => {
      watchRun(queryClient, api, org, data.run_id);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['org', org, 'runs'] }),
        queryClient.invalidateQueries({ queryKey: ['org', org, 'quota'] }),
      ]);
      onStarted();
      await navigate({ to: '/$org/pipelines/runs/$run_id', params: { org, run_id: data.run_id } });
    },
  });
}

/**
 * The run form's state: the credential (preset when there is one) and the range, suggested from the data so far
 * (following the freshness, once loaded, and the credential) until the user edits a day.
 */
function useRunForm(org: string, pipeline: PipelineInfo, credentials: readonly Integration[]) {
  const { api } = useServices();
  const freshness = useQuery(freshnessQuery(api, org));
  const [credential, setCredential] = useState(credentials.length === 1 ? credentials[0]!.credential_id : '');
  const dataThrough = dataThroughFor(
    freshness.data?.items ?? [],
    pipeline.pipeline_id,
    credential || undefined,
  );
  // The suggestion follows the freshness (once loaded) and the credential until the user edits a day.
  const suggested = nextImportRange(dataThrough, utcToday(), MAX_RUN_DAYS);
  const [edited, setEdited] = useState<{ start?: string; end?: string }>({});
  const start = edited.start ?? suggested.start;
  const end = edited.end ?? suggested.end;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const chooseCredential = (id: string) => {
    setCredential(id);
    setEdited({});
  };
  const setDay = (day: 'start' | 'end', value: string) => setEdited((d) => ({ ...d, [day]: value }));

  /** The request body when the form is complete; otherwise the field errors are shown and there is none. */
  const check = (): RunBody | undefined => {
    const needsCredential = pipeline.requires_integration !== null && credentials.length > 1 && !credential;
    const checked = checkRunRange({
      start_date: start,
      end_date: end,
      credential_id: credential || undefined,
    });
    const found = checked.ok ? {} : { ...checked.errors };
    if (needsCredential) found.credential_id = 'Choose which credential to import from.';
    setErrors(found);
    return checked.ok && !needsCredential ? checked.body : undefined;
  };
  return { credential, chooseCredential, start, end, setDay, dataThrough, errors, check };
}

/**
 * "Run now" for one pipeline: a date range (checked as the API checks it), the credential when the org has several,
 * and the runs the plan has left. On success the run is followed (watchRun) and its detail opens.
 */
export function RunDialog(props: {
  org: string;
  pipeline: PipelineInfo;
  credentials: readonly Integration[];
  onClose: () => void;
}) {
  const { org, pipeline, credentials } = props;
  const form = useRunForm(org, pipeline, credentials);
  const { errors, dataThrough } = form;
  const run = useStartRun(org, pipeline, props.onClose);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = form.check();
    if (body) run.mutate(body);
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Run ${pipeline.pipeline_id}`}
      description={`Imports the days from "From" through "To" (both included, UTC, at most ${MAX_RUN_DAYS} days). A re-run replaces those days, never adds to them.`}
    >
      <form noValidate onSubmit={submit} className="space-y-4" aria-label={`Run ${pipeline.pipeline_id}`}>
        <CredentialChoice
          credentials={credentials}
          value={form.credential}
          error={errors.credential_id}
          onChange={form.chooseCredential}
        />
        <div className="grid grid-cols-2 gap-3">
          <Field id="run-start" label="From" error={errors.start_date}>
            <Input
              {...fieldAria('run-start', errors.start_date)}
              type="date"
              value={form.start}
              onChange={(e) => form.setDay('start', e.target.value)}
              required
            />
          </Field>
          <Field id="run-end" label="To" error={errors.end_date}>
            <Input
              {...fieldAria('run-end', errors.end_date)}
              type="date"
              value={form.end}
              onChange={(e) => form.setDay('end', e.target.value)}
              required
            />
          </Field>
        </div>
        <p className="text-xs text-muted">
          {dataThrough
            ? `Data so far is through ${formatDay(dataThrough)}; the suggested range starts the day after.`
            : 'No data imported yet: the suggested range is the last 30 complete days.'}
        </p>
        <QuotaLeft org={org} />
        {run.isError ? <ErrorAlert error={run.error} title="The run did not start" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={run.isPending}>
            <Play aria-hidden="true" className="size-4" />
            {run.isPending ? 'Starting…' : 'Start run'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The credential to import from: a choice when there are several, named when there is one, nothing when none. */
function CredentialChoice(props: {
  credentials: readonly Integration[];
  value: string;
  error: string | undefined;
  onChange: (credentialId: string) => void;
}) {
  const { credentials } = props;
  if (credentials.length > 1)
    return (
      <Field id="run-credential" label="Credential" error={props.error}>
        <Select
          {...fieldAria('run-credential', props.error)}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        >
          <option value="">Choose a credential…</option>
          {credentials.map((c) => (
            <option key={c.credential_id} value={c.credential_id}>
              {c.name} ({c.fingerprint})
            </option>
          ))}
        </Select>
      </Field>
    );
  if (credentials.length === 1)
    return (
      <p className="text-sm">
        <span className="text-muted">Credential: </span>
        {credentials[0]!.name} <span className="text-muted">({credentials[0]!.fingerprint})</span>
      </p>
    );
  return null;
}

/** What the plan still allows: runs left today and this month, and free slots for runs in flight. */
export function QuotaLeft({ org }: { org: string }) {
  const { api } = useServices();
  const quota = useQuery(quotaQuery(api, org));
  if (quota.isPending) return <Skeleton className="h-10" />;
  if (quota.isError) return <ErrorAlert error={quota.error} title="Could not load the quota" />;
  const left = runsLeft(quota.data);
  const q = quota.data;
  return (
    <div data-testid="quota-left">
      <Alert
        tone={left.now === 0 ? 'error' : 'info'}
        title={`${left.now} run${left.now === 1 ? '' : 's'} can start now`}
      >
        <p className="text-xs">
          {left.today} of {q.daily.limit} left today · {left.month} of {q.monthly.limit} left this month ·{' '}
          {q.concurrent.running} of {q.concurrent.limit} running
        </p>
        {left.now === 0 ? (
          <p className="text-xs">
            {left.concurrent === 0
              ? 'Wait for a running pipeline to finish.'
              : `The plan's limit is reached until ${formatInstantShort(left.today === 0 ? q.daily.resets_at : q.monthly.resets_at)}.`}
          </p>
        ) : null}
      </Alert>
    </div>
  );
}

const formatInstantShort = (iso: string) =>
  `${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
