/** The cloud benchmark's baseline: DuckDB alone loading the CUR file (see cloud.ts). */
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

/** The practical limit: DuckDB alone loading the same file as text into a fresh in-memory database. */
async function plainDuckDbLoad(file: string): Promise<{ seconds: number; cpu: number; n: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const path = file.replace(/'/g, "''");
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await conn.run(`CREATE TABLE x AS SELECT * FROM read_csv('${path}', header = true, all_varchar = true)`);
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    const reader = await conn.runAndReadAll('SELECT count(*) AS n FROM x');
    const n = Number(reader.getRowObjects()[0]!.n);
    return { seconds, cpu: (used.user + used.system) / 1e6, n };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Plain loads one after another after the pipeline; the ratio's denominator is their median. */
export const PLAIN_RUNS = 3;

/**
 * The plain load PLAIN_RUNS times: the median (seconds and its CPU) and every run's seconds. One load of this VM
 * varies by a third from one minute to the next (3.8-6.6 s over a session), so one alone made the ratio swing.
 */
export async function plainDuckDbLoads(file: string, rows: number) {
  const runs: Awaited<ReturnType<typeof plainDuckDbLoad>>[] = [];
  for (let i = 0; i < PLAIN_RUNS; i++) {
    const run = await plainDuckDbLoad(file);
    if (run.n !== rows) throw new Error(`plain DuckDB load read ${run.n} rows, not ${rows}`);
    runs.push(run);
  }
  const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
  return { ...median, runs: runs.map((r) => r.seconds) };
}
