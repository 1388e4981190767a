import type { z } from 'zod';
import {
  RunBodySchema,
  type RunStatusSchema,
  type StepStatusSchema,
  type StepSummarySchema,
} from '../../../../shared/contracts/pipelines.js';
import type { PipelineInfoSchema } from '../../../../shared/contracts/pipeline-validator.js';
import type { IntegrationSchema } from '../../../../shared/contracts/integrations.js';
import type { QuotaResponseSchema } from '../../../../shared/contracts/quota.js';
import { CLOUD_PROVIDERS } from '../../../../shared/contracts/providers.js';

export type RunStatus = z.output<typeof RunStatusSchema>;
export type StepStatus = z.output<typeof StepStatusSchema>;
export type Step = z.output<typeof StepSummarySchema>;
export type PipelineInfo = z.output<typeof PipelineInfoSchema>;
export type Integration = z.output<typeof IntegrationSchema>;
export type Quota = z.output<typeof QuotaResponseSchema>;
export type RunBody = z.output<typeof RunBodySchema>;

/** How often an unfinished run is read again (web-plan §3.6). */
export const POLL_MS = 1500;

export type Tone = 'success' | 'danger' | 'progress' | 'waiting' | 'muted';
export type BadgeIcon = 'check' | 'alert' | 'spinner' | 'clock' | 'skip' | 'ban';

export interface Badge {
  label: string;
  tone: Tone;
  icon: BadgeIcon;
}

const BADGES: Record<RunStatus | StepStatus, Badge> = {
  PENDING: { label: 'Pending', tone: 'waiting', icon: 'clock' },
  QUEUED: { label: 'Queued', tone: 'waiting', icon: 'clock' },
  RUNNING: { label: 'Running', tone: 'progress', icon: 'spinner' },
  COMPLETED: { label: 'Completed', tone: 'success', icon: 'check' },
  SUCCEEDED: { label: 'Succeeded', tone: 'success', icon: 'check' },
  FAILED: { label: 'Failed', tone: 'danger', icon: 'alert' },
  SKIPPED: { label: 'Skipped', tone: 'muted', icon: 'skip' },
  CANCELLED: { label: 'Cancelled', tone: 'muted', icon: 'ban' },
};

/** A run or step status as the badge shows it: a word (it carries the meaning), a tone and an icon. */
export function statusBadge(status: string): Badge {
  return (
    BADGES[status as RunStatus] ?? {
      label: status.charAt(0) + status.slice(1).toLowerCase(),
      tone: 'muted',
      icon: 'clock',
    }
  );
}

const TERMINAL = new Set<string>(['COMPLETED', 'FAILED', 'CANCELLED']);

/** Whether a run has ended (nothing changes any more unless it is retried). */
export const isTerminal = (status: string | undefined): boolean =>
  status !== undefined && TERMINAL.has(status);

/**
 * The Run now form checked as the API checks it (RunBodySchema: real days, end not before start, at most
 * MAX_RUN_DAYS days): the errors by field, or the body to send.
 */
export function checkRunRange(input: {
  start_date: string;
  end_date: string;
  credential_id?: string | undefined;
}): { ok: true; body: RunBody } | { ok: false; errors: Record<string, string> } {
  const body = {
    start_date: input.start_date,
    end_date: input.end_date,
    ...(input.credential_id ? { credential_id: input.credential_id } : {}),
  };
  const parsed = RunBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, body: parsed.data };
  // The union reports the `date` branch too; the range branch's issues are the ones about these fields.
  const errors: Record<string, string> = {};
  const collect = (issues: readonly z.core.$ZodIssue[]) => {
    for (const issue of issues) {
      if (issue.code === 'invalid_union') {
        for (const branch of issue.errors) {
          if (!branch.some((i) => i.path[0] === 'date')) collect(branch);
        }
        continue;
      }
      const field = String(issue.path[0] ?? 'start_date');
      errors[field] ??= issue.message;
    }
  };
  collect(parsed.error.issues);
  if (Object.keys(errors).length === 0) errors.start_date = 'Choose a valid date range.';
  return { ok: false, errors };
}

/** Whether the org can run a pipeline now, and with which credentials. */
export type Readiness =
  | { kind: 'ready'; credentials: Integration[] }
  | { kind: 'invalid'; provider: string }
  | { kind: 'missing'; provider: string };

/**
 * A pipeline needs no integration, or a VALID credential of its provider (the API refuses a run otherwise);
 * with only INVALID ones it is "invalid" (fix the credential), with none "missing" (connect the provider).
 */
export function readiness(pipeline: PipelineInfo, integrations: readonly Integration[]): Readiness {
  const provider = pipeline.requires_integration;
  if (!provider) return { kind: 'ready', credentials: [] };
  const own = integrations.filter((i) => i.provider === provider);
  const valid = own.filter((i) => i.status === 'VALID');
  if (valid.length > 0) return { kind: 'ready', credentials: valid };
  return { kind: own.length > 0 ? 'invalid' : 'missing', provider };
}

/** The catalogue in reading order: runnable pipelines first, then by id. */
export function sortCatalogue<T extends { pipeline: PipelineInfo; readiness: Readiness }>(rows: T[]): T[] {
  const rank = (r: Readiness) => (r.kind === 'ready' ? 0 : r.kind === 'invalid' ? 1 : 2);
  return [...rows].sort(
    (a, b) =>
      rank(a.readiness) - rank(b.readiness) || a.pipeline.pipeline_id.localeCompare(b.pipeline.pipeline_id),
  );
}

/** Runs the plan still allows now: the least of what is left today, this month and in flight (never below 0). */
export function runsLeft(quota: Quota): { today: number; month: number; concurrent: number; now: number } {
  const today = Math.max(0, quota.daily.limit - quota.daily.used);
  const month = Math.max(0, quota.monthly.limit - quota.monthly.used);
  const concurrent = Math.max(0, quota.concurrent.limit - quota.concurrent.running);
  return { today, month, concurrent, now: Math.min(today, month, concurrent) };
}

/**
 * The steps in dependency layers: layer 0 depends on nothing, layer n on steps of earlier layers (one of them in
 * layer n-1). A dependency that is not a step of the run is ignored; steps in a cycle (never accepted by the
 * validator) land in a last layer rather than being lost. Each layer keeps the steps' order by id.
 */
export function stepLayers<T extends Pick<Step, 'step_id' | 'depends_on'>>(steps: readonly T[]): T[][] {
  const ids = new Set(steps.map((s) => s.step_id));
  const depth = new Map<string, number>();
  const remaining = [...steps].sort((a, b) => a.step_id.localeCompare(b.step_id));
  let progress = true;
  while (remaining.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < remaining.length; i++) {
      const s = remaining[i]!;
      const deps = s.depends_on.filter((d) => ids.has(d));
      if (!deps.every((d) => depth.has(d))) continue;
      depth.set(s.step_id, deps.length === 0 ? 0 : Math.max(...deps.map((d) => depth.get(d)!)) + 1);
      remaining.splice(i, 1);
      i--;
      progress = true;
    }
  }
  const layers: T[][] = [];
  for (const s of [...steps].sort((a, b) => a.step_id.localeCompare(b.step_id))) {
    const d = depth.get(s.step_id);
    if (d === undefined) continue;
    (layers[d] ??= []).push(s);
  }
  const dense = layers.filter((l) => l !== undefined);
  if (remaining.length > 0) dense.push(remaining);
  return dense;
}

/** `1.2 s`, `3 min 5 s`, `1 h 2 min` between two ISO instants (null while it has not both). */
export function formatDuration(start: string | null, end: string | null): string | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return null;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * Runs seen going from unfinished to COMPLETED between two reads of the same list (a run first seen already
 * completed is not new: its data was there when the page loaded).
 */
export function newlyCompleted(
  before: ReadonlyMap<string, string>,
  after: readonly { run_id: string; status: string }[],
): string[] {
  return after
    .filter((r) => r.status === 'COMPLETED')
    .filter((r) => {
      const was = before.get(r.run_id);
      return was !== undefined && !isTerminal(was);
    })
    .map((r) => r.run_id);
}

/** The `{provider, domain, pipeline}` of an id `provider/domain/pipeline`. */
export function pipelinePath(pipelineId: string): { provider: string; domain: string; pipeline: string } {
  const [provider = '', domain = '', pipeline = ''] = pipelineId.split('/');
  return { provider, domain, pipeline };
}

/** The cost page that shows what a pipeline writes. */
export type CostPage = 'genai' | 'cloud' | 'subscriptions' | 'hierarchy' | 'dashboard';

/**
 * Where a finished run's data is read: GenAI usage on the GenAI page, a cloud bill on the cloud page, SaaS plans on
 * the subscriptions page, a re-allocation (`hierarchy/…`: cost moved between entities) on the hierarchy costs page;
 * anything else (the sample) touches every view, so the dashboard.
 */
export function costPageOf(pipelineId: string): CostPage {
  const { provider, domain } = pipelinePath(pipelineId);
  if (domain === 'genai') return 'genai';
  if (domain === 'subscription') return 'subscriptions';
  if (provider === 'hierarchy') return 'hierarchy';
  if (domain === 'cost' && (CLOUD_PROVIDERS as readonly string[]).includes(provider)) return 'cloud';
  return 'dashboard';
}

const INSTANT = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});

/** An instant as `Dec 7, 2026, 9:41:05 AM UTC` (runs are kept and shown in UTC, like billing days). */
export const formatInstant = (iso: string): string => `${INSTANT.format(new Date(iso))} UTC`;

/** One line of a run's log download (GET …/logs, NDJSON): a step log or a state change. */
export interface LogLine {
  at: string;
  kind: 'log' | 'transition';
  step_id: string | null;
  /** Log: its level and message (and attempt); transition: "FROM → TO (reason)". */
  level: string;
  text: string;
}

/** The NDJSON of a run's logs as lines to read, oldest first; a line that is not JSON is kept as its text. */
export function parseLogLines(ndjson: string): LogLine[] {
  const out: LogLine[] = [];
  for (const raw of ndjson.split('\n')) {
    if (!raw.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      out.push({ at: '', kind: 'log', step_id: null, level: 'info', text: raw });
      continue;
    }
    const step = typeof o.step_id === 'string' ? o.step_id : null;
    const at = typeof o.at === 'string' ? o.at : '';
    if (o.kind === 'transition') {
      const reason = typeof o.reason === 'string' && o.reason ? ` (${o.reason})` : '';
      out.push({
        at,
        kind: 'transition',
        step_id: step,
        level: 'info',
        text: `${typeof o.from_status === 'string' ? o.from_status : '—'} → ${String(o.to_status)}${reason}`,
      });
      continue;
    }
    const attempt = typeof o.attempt === 'number' ? `attempt ${o.attempt}: ` : '';
    const fields =
      o.fields && typeof o.fields === 'object' && Object.keys(o.fields).length > 0
        ? ` ${JSON.stringify(o.fields)}`
        : '';
    out.push({
      at,
      kind: 'log',
      step_id: step,
      level: typeof o.level === 'string' ? o.level : 'info',
      text: `${attempt}${typeof o.message === 'string' ? o.message : ''}${fields}`,
    });
  }
  return out;
}

/** The lines of one step ('' = every line; '-' = the run's own lines, without a step). */
export const filterLogLines = (lines: readonly LogLine[], step: string): LogLine[] =>
  step === '' ? [...lines] : lines.filter((l) => (step === '-' ? l.step_id === null : l.step_id === step));

/**
 * The day a pipeline's data is through for a Run now suggestion (GET /costs/{org}/freshness items): of the chosen
 * credential, or the earliest over its credentials when none is chosen; null when any of them has none yet (its
 * import starts from scratch).
 */
export function dataThroughFor(
  items: readonly { pipeline_id: string; credential_id: string | null; data_through: string | null }[],
  pipelineId: string,
  credentialId?: string,
): string | null {
  const own = items.filter(
    (i) => i.pipeline_id === pipelineId && (!credentialId || i.credential_id === credentialId),
  );
  if (own.length === 0 || own.some((i) => !i.data_through)) return null;
  return own.map((i) => i.data_through!).sort()[0]!;
}
