/**
 * Pieces the pipeline benchmarks share: a deterministic PRNG, an RSS sampler, a platform on the fake providers with
 * an onboarded org and its integration, a run triggered, drained and checked, its step windows, the org's FOCUS
 * total, and the retry and machine notes.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTestPlatform, type TestPlatform } from '../scripts/local/test-platform.js';
import { orgDatasetOf } from '../shared/steps/common.js';
import { startBenchProviders, type BenchProviders } from './providers.js';

/** Deterministic PRNG (mulberry32), so every run measures the same input. */
export { prng } from '../shared/testing/prng.js';

/** A step of the run detail (`GET /api/v1/pipelines/{org}/runs/{run_id}`). */
export interface StepDetail {
  step_id: string;
  status: string;
  attempts: number;
  rows_written: number | null;
  started_at: string | null;
  finished_at: string | null;
}

/** RSS sampled every 50 ms (the event loop can be busy, so samples may be further apart). */
export function rssSampler() {
  const samples: { t: number; rss: number; heap: number }[] = [];
  const take = () => {
    const m = process.memoryUsage();
    samples.push({ t: Date.now(), rss: m.rss, heap: m.heapUsed });
  };
  take();
  const timer = setInterval(take, 50);
  return {
    stop: () => {
      clearInterval(timer);
      take();
    },
    /** Peak sampled RSS in MB between two epoch ms (the nearest samples either side included). */
    peak(from: number, to: number) {
      const i = Math.max(0, samples.findIndex((s) => s.t >= from) - 1);
      let j = samples.findIndex((s) => s.t > to);
      j = j < 0 ? samples.length : j + 1;
      return Math.max(...samples.slice(i, j).map((s) => s.rss)) / 2 ** 20;
    },
    /** Peak sampled V8 heapUsed in MB over the whole run (the rest of the RSS is native: DuckDB, PGlite). */
    peakHeap: () => Math.max(...samples.map((s) => s.heap)) / 2 ** 20,
  };
}

export const fixed = (n: number, digits: number) => n.toFixed(digits);

/** The message of the DuckDB adapter's slow-statement log lines (duckdb-run.ts). */
const SLOW_LOG = 'duckdb slow statement';

/** The machine's CPU time counters (jiffies, all CPUs) from /proc/stat: stolen and in all; zeros where absent. */
function cpuTimes(): { steal: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return { steal: 0, total: 0 };
  }
}

/**
 * The share of the machine's CPU time the hypervisor gave to other guests from now until `stop()` (steal in
 * /proc/stat): on a shared VM, figures taken while it is high are slower than the code is; null where unknown.
 */
export function stealMeter() {
  const start = cpuTimes();
  return {
    stop(): number | null {
      const end = cpuTimes();
      const total = end.total - start.total;
      return total > 0 ? (end.steal - start.steal) / total : null;
    },
  };
}

/** The note on stolen CPU time of a measured window. */
export const stealNote = (steal: number | null) =>
  steal === null
    ? 'CPU stolen by the hypervisor: unknown (no /proc/stat).'
    : `CPU stolen by the hypervisor during the run: ${fixed(steal * 100, 1)}% of the machine's CPU time (other guests; high values slow every figure here).`;

/**
 * A benchmark's own integer option, `--<name> N` or `--<name>=N` after `npm run bench -- <name>` (underscores allowed:
 * `--rows 1_000_000`), or `fallback` when absent; below `min` is refused.
 */
export function intOption(name: string, fallback: number, min = 1): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1]! : args[i + 1];
  const n = Number(String(raw).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} takes an integer of at least ${min}, not ${raw}`);
  return n;
}

/** A benchmark's own text option, `--<name> value` or `--<name>=value`, or `fallback`; refused unless `allowed`. */
export function textOption<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i]!.includes('=') ? args[i]!.slice(args[i]!.indexOf('=') + 1) : args[i + 1];
  if (!allowed.includes(raw as T))
    throw new Error(`--${name} takes one of ${allowed.join(', ')}, not ${raw}`);
  return raw as T;
}

/** The Postgres server `--control-plane postgres` uses: TEST_DATABASE_URL, else the local test server. */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Where the benchmark's control plane runs (`--control-plane pglite|postgres`, default pglite): `pglite` in the
 * process (WASM, as the local platform and the test suites run it), or `postgres`, a Postgres server outside the
 * process as production runs it (TEST_DATABASE_URL, else ${LOCAL_POSTGRES}; the platform gets its own schema).
 */
export function controlPlaneOption(): { kind: 'pglite' | 'postgres'; url?: string } {
  const kind = textOption('control-plane', 'pglite', ['pglite', 'postgres'] as const);
  return kind === 'postgres' ? { kind, url: process.env.TEST_DATABASE_URL || LOCAL_POSTGRES } : { kind };
}

/**
 * Runs `bench` on a test platform (log level error, `env` added) served by the fake providers (in a child process
 * of their own, as a provider is across the network: not the measured process), with one onboarded org and its
 * API-key headers; stops both afterwards. The control plane is the one `--control-plane` names
 * (`controlPlane` tells the benchmark which, for its notes and RESULT line).
 */
export async function withBenchOrg<T>(
  env: Record<string, string>,
  bench: (b: {
    p: TestPlatform;
    providers: BenchProviders;
    org: string;
    headers: Record<string, string>;
    controlPlane: 'pglite' | 'postgres';
  }) => Promise<T>,
): Promise<T> {
  const plane = controlPlaneOption();
  // DUCKDB_SLOW_STATEMENT_MS in the bench's environment: each DuckDB statement at least that slow is printed to
  // stderr after the run (its time and the start of its SQL), to see where a step's time goes.
  const slow = process.env.DUCKDB_SLOW_STATEMENT_MS;
  const providers = await startBenchProviders();
  try {
    // The test platform takes its control plane from TEST_DATABASE_URL (a Postgres server) or else PGlite.
    const saved = process.env.TEST_DATABASE_URL;
    if (plane.url) process.env.TEST_DATABASE_URL = plane.url;
    else delete process.env.TEST_DATABASE_URL;
    let p: TestPlatform;
    try {
      p = await startTestPlatform({
        ...providers.endpoints,
        ...env,
        ...(slow ? { DUCKDB_SLOW_STATEMENT_MS: slow } : {}),
        LOG_LEVEL: slow ? 'info' : 'error',
      });
    } finally {
      if (saved === undefined) delete process.env.TEST_DATABASE_URL;
      else process.env.TEST_DATABASE_URL = saved;
    }
    try {
      const org = await p.onboard();
      return await bench({
        p,
        providers,
        org: org.org_slug,
        headers: { 'x-api-key': org.api_key },
        controlPlane: plane.kind,
      });
    } finally {
      for (const line of p.logs) if (slow && line.includes(SLOW_LOG)) console.error(line);
      await p.close();
    }
  } finally {
    // Also when the platform fails to start: the child would keep this process alive.
    await providers.close();
  }
}

/** Sets up the org's `provider` integration (`POST …/setup` with `json`); throws unless it answers 201. */
export async function setUpIntegration(
  p: TestPlatform,
  org: string,
  headers: Record<string, string>,
  provider: string,
  json: Record<string, unknown>,
) {
  const setup = await p.request(`/api/v1/integrations/${org}/${provider}/setup`, {
    method: 'POST',
    headers,
    json,
  });
  if (setup.status !== 201) throw new Error(`integration setup: ${setup.status} ${await setup.text()}`);
}

/** The org's FOCUS rows: SUM(BilledCost) (as the warehouse returns it) and their count. */
export async function focusTotal(p: TestPlatform, org: string) {
  const wh = await p.ctx.warehouse();
  const dataset = await orgDatasetOf(p.ctx, org);
  const [focus] = await wh.query<{ billed: string | number | null; n: number }>(
    `SELECT SUM(BilledCost) AS billed, COUNT(*) AS n FROM ${wh.table(dataset, 'cost_data_standard_1_3')}`,
  );
  return focus;
}

/** A pipeline run as `GET /api/v1/pipelines/{org}/runs/{run_id}` answers it. */
export interface RunDetail {
  status: string;
  error: string | null;
  steps: StepDetail[];
  transitions: { step_id: string | null; to_status: string; reason: string | null; at: string }[];
}

/**
 * Triggers `pipeline` over [start, end] and waits until the bus drains: the run id, the wall seconds, and the
 * RSS sampled from the trigger to the drain (stopped).
 */
export async function triggerAndDrain(
  p: TestPlatform,
  org: string,
  headers: Record<string, string>,
  pipeline: string,
  start: string,
  end: string,
) {
  const rss = rssSampler();
  const steal = stealMeter();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await p.request(`/api/v1/pipelines/run/${org}/${pipeline}`, {
    method: 'POST',
    headers,
    json: { start_date: start, end_date: end },
  });
  if (res.status !== 202) throw new Error(`trigger: ${res.status} ${await res.text()}`);
  const { run_id } = (await res.json()) as { run_id: string };
  await p.bus.drain();
  const wall = (performance.now() - t0) / 1000;
  // CPU seconds the process spent on the run (every thread: JS, DuckDB's, PGlite's): unlike the wall time, hardly
  // changed by other work on the machine.
  const used = process.cpuUsage(cpu0);
  rss.stop();
  const stolen = steal.stop();
  // The process's peak RSS so far (a high-water mark), read as soon as the run has drained.
  return {
    run_id,
    wall,
    cpu: (used.user + used.system) / 1e6,
    rss,
    maxRss: process.resourceUsage().maxRSS,
    steal: stolen,
  };
}

/** The run detail of `run_id`. */
export async function fetchRun(p: TestPlatform, org: string, runId: string, headers: Record<string, string>) {
  const detail = await p.request(`/api/v1/pipelines/${org}/runs/${runId}`, { headers });
  return (await detail.json()) as RunDetail;
}

/** The run detail of `run_id`; throws unless the run COMPLETED, naming each step's status and attempts. */
export async function completedRun(
  p: TestPlatform,
  org: string,
  runId: string,
  headers: Record<string, string>,
) {
  const run = await fetchRun(p, org, runId, headers);
  if (run.status !== 'COMPLETED') {
    const steps = run.steps.map((s) => `${s.step_id}=${s.status}(${s.attempts})`).join(' ');
    throw new Error(`run ${runId} ${run.status} [${steps}]: ${run.error}`);
  }
  return run;
}

/** A step of the run with its start and finish as epoch ms. */
export type StepWindow = StepDetail & { start: number; end: number };

/** Each of `steps` with its window; throws for a step without timestamps. */
export function stepWindows<S extends string>(run: RunDetail, steps: readonly S[]): Record<S, StepWindow> {
  const step = (id: string): StepWindow => {
    const s = run.steps.find((x) => x.step_id === id);
    if (!s?.started_at || !s.finished_at) throw new Error(`step ${id} has no timestamps`);
    return { ...s, start: Date.parse(s.started_at), end: Date.parse(s.finished_at) };
  };
  return Object.fromEntries(steps.map((id) => [id, step(id)])) as Record<S, StepWindow>;
}

/** The run's outcome line, then one line per transition of a retried step. */
export function retryNotes<S extends string>(
  runId: string,
  run: RunDetail,
  steps: readonly S[],
  s: Record<S, StepWindow>,
): string[] {
  const retried = steps.filter((id) => s[id].attempts > 1);
  const retries = run.transitions
    .filter((t) => t.step_id && retried.includes(t.step_id as S) && t.reason)
    .map((t) => `  ${t.at} ${t.step_id} -> ${t.to_status}: ${t.reason}`);
  return [
    `\nRun ${runId}: COMPLETED${retried.length ? ` (retried: ${retried.join(', ')}; a step's seconds include its failed attempts)` : ', every step on its first attempt'}.`,
    ...retries,
  ];
}

/** The machine, its load and the Node version, for a table's notes. */
export function machineNote(): string {
  const cpus = os.cpus();
  return (
    `Machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), ` +
    `${fixed(os.totalmem() / 2 ** 30, 1)} GB RAM, loadavg ${os
      .loadavg()
      .map((l) => fixed(l, 2))
      .join(' ')}, Node ${process.version}.`
  );
}
