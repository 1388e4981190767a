/** Pieces the pipeline benchmarks share: a deterministic PRNG, run-detail step rows, an RSS sampler. */

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
