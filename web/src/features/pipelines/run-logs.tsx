import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { Select } from '../../components/ui/input.js';
import { filterLogLines, parseLogLines, type LogLine } from './model.js';

/** The most log lines the viewer renders (the download has them all). */
const MAX_SHOWN = 500;

/** The run's logs on demand, filtered by step, newest kept when there are many; read again while the run goes on. */
export function LogsCard(props: {
  org: string;
  runId: string;
  steps: string[];
  live: boolean;
  fetchLogs: () => Promise<string>;
}) {
  const [shown, setShown] = useState(false);
  const [step, setStep] = useState('');
  const logs = useQuery({
    queryKey: ['org', props.org, 'run', props.runId, 'logs'],
    queryFn: props.fetchLogs,
    enabled: shown,
    staleTime: 0,
    refetchInterval: props.live ? 3000 : false,
    select: parseLogLines,
  });
  return (
    <Card aria-labelledby="logs-title" data-testid="run-logs">
      <CardTitle
        action={
          shown ? null : (
            <Button size="sm" variant="secondary" onClick={() => setShown(true)}>
              Show logs
            </Button>
          )
        }
      >
        <span id="logs-title">Logs</span>
      </CardTitle>
      {!shown ? (
        <p className="text-sm text-muted">Each step's log lines and state changes, oldest first.</p>
      ) : logs.isPending ? (
        <Skeleton className="h-40" />
      ) : !logs.data ? (
        <ErrorAlert error={logs.error} title="Could not load the logs" />
      ) : (
        <LogsView lines={logs.data} steps={props.steps} step={step} onStep={setStep} />
      )}
    </Card>
  );
}

/** The loaded log lines: a step filter, how many lines are shown, and the (last) lines. */
function LogsView(props: {
  lines: readonly LogLine[];
  steps: string[];
  step: string;
  onStep: (step: string) => void;
}) {
  const { step } = props;
  const lines = filterLogLines(props.lines, step);
  const visible = lines.slice(-MAX_SHOWN);
  return (
    <div className="space-y-3">
      <div className="flex items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="logs-step" className="block text-xs font-medium">
            Step
          </label>
          <Select
            id="logs-step"
            className="h-9 w-56"
            value={step}
            onChange={(e) => props.onStep(e.target.value)}
          >
            <option value="">Every step</option>
            <option value="-">The run itself</option>
            {props.steps.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </div>
        <p className="pb-2 text-xs text-muted" aria-live="polite">
          {lines.length > visible.length
            ? `The last ${visible.length} of ${lines.length} lines (download for all)`
            : `${lines.length} line${lines.length === 1 ? '' : 's'}`}
        </p>
      </div>
      <ol
        tabIndex={0}
        aria-label="Log lines"
        className="max-h-96 overflow-auto rounded-md border border-line bg-surface-2 p-2 font-mono text-xs"
        data-testid="log-lines"
      >
        {visible.map((l, i) => (
          <li key={i} className="flex gap-3 py-0.5">
            <span className="shrink-0 text-muted" data-volatile>
              {l.at ? l.at.slice(11, 23) : ''}
            </span>
            <span className="w-20 shrink-0 truncate">{l.step_id ?? 'run'}</span>
            <span className={l.level === 'error' ? 'text-danger' : l.level === 'warn' ? 'text-text' : ''}>
              {l.text}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
