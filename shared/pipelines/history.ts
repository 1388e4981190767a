import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { RunListQuerySchema } from '../contracts/pipelines.js';
import { isoTimestamp, isoTimestampOrNull as iso } from '../ports/database/values.js';
import { invalidInput, notFound } from '../errors/index.js';

interface RunRow {
  run_id: string;
  pipeline_id: string;
  status: 'PENDING';
  trigger: 'manual';
  start_date: string;
  end_date: string;
  credential_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

const RUN_COLUMNS = `run_id::text AS run_id, pipeline_id, status, trigger, start_date, end_date, credential_id::text AS credential_id,
  created_at, started_at, finished_at, error`;

const toRun = (r: RunRow) => ({
  ...r,
  created_at: isoTimestamp(r.created_at),
  started_at: iso(r.started_at),
  finished_at: iso(r.finished_at),
});

/** Cursor = base64url of `<created_at ISO>|<run_id>` of the last item (keyset pagination, newest first). */
function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw invalidInput('Invalid cursor.');
  return { at, id };
}

export async function listRuns(ctx: AppContext, orgSlug: string, q: z.output<typeof RunListQuerySchema>) {
  const db = await ctx.db();
  const c = q.cursor ? decodeCursor(q.cursor) : undefined;
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM pipeline_runs
     WHERE org_slug = $1 AND ($2::text IS NULL OR pipeline_id = $2) AND ($3::text IS NULL OR status = $3)
       AND ($4::date IS NULL OR created_at >= $4::date) AND ($5::date IS NULL OR created_at < $5::date + 1)
       AND ($6::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), run_id) < ($6::timestamptz, $7::uuid))
     ORDER BY date_trunc('milliseconds', created_at) DESC, run_id DESC LIMIT $8`,
    [
      orgSlug,
      q.pipeline_id ?? null,
      q.status ?? null,
      q.start_date ?? null,
      q.end_date ?? null,
      c?.at ?? null,
      c?.id ?? null,
      q.limit + 1,
    ],
  );
  const items = rows.slice(0, q.limit).map(toRun);
  const last = items.at(-1);
  const next =
    rows.length > q.limit && last
      ? Buffer.from(`${last.created_at}|${last.run_id}`).toString('base64url')
      : null;
  return { items, next_cursor: next };
}

export async function getRun(ctx: AppContext, orgSlug: string, runId: string) {
  const db = await ctx.db();
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM pipeline_runs WHERE org_slug = $1 AND run_id = $2`,
    [orgSlug, runId],
  );
  if (!rows[0]) throw notFound(`Run ${runId} not found.`);
  const steps = await db.query<{
    step_id: string;
    type: string;
    status: 'PENDING';
    depends_on: string[];
    attempts: number;
    rows_written: number | null;
    error: string | null;
    started_at: Date | null;
    finished_at: Date | null;
  }>(
    `SELECT step_id, type, status, depends_on, attempts, rows_written, error, started_at, finished_at
     FROM pipeline_steps WHERE run_id = $1 ORDER BY step_id`,
    [runId],
  );
  const transitions = await db.query<{
    step_id: string | null;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    created_at: Date;
  }>(
    'SELECT step_id, from_status, to_status, reason, created_at FROM pipeline_state_transitions WHERE run_id = $1 ORDER BY id',
    [runId],
  );
  return {
    ...toRun(rows[0]),
    steps: steps.rows.map((s) => ({ ...s, started_at: iso(s.started_at), finished_at: iso(s.finished_at) })),
    transitions: transitions.rows.map(({ created_at, ...t }) => ({ ...t, at: isoTimestamp(created_at) })),
  };
}

/** The run's logs and transitions, oldest first, one JSON object per line. */
export async function runLogLines(ctx: AppContext, orgSlug: string, runId: string): Promise<string> {
  const run = await getRun(ctx, orgSlug, runId);
  const db = await ctx.db();
  const logs = await db.query<{
    step_id: string | null;
    attempt: number | null;
    level: string;
    message: string;
    fields: unknown;
    created_at: Date;
  }>(
    'SELECT step_id, attempt, level, message, fields, created_at FROM pipeline_step_logs WHERE run_id = $1 ORDER BY id',
    [runId],
  );
  const lines = [
    ...run.transitions.map((t) => ({ kind: 'transition', ...t })),
    ...logs.rows.map(({ created_at, ...l }) => ({ at: isoTimestamp(created_at), kind: 'log', ...l })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return lines.map((l) => JSON.stringify({ run_id: runId, ...l })).join('\n') + '\n';
}
