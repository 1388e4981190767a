import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildFunctions } from '../scripts/build.js';
import type { Benchmark } from './run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 7;

/** Wall time of one fresh `node` process evaluating `script` as an ES module, in milliseconds. */
function coldRun(script: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ENVIRONMENT: 'test' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node -e ${JSON.stringify(script)} failed:\n${r.stderr}`);
  return ms;
}

/** Median and p95 (nearest rank) of RUNS fresh processes, after one unmeasured warm-up run. */
function sample(script: string) {
  coldRun(script);
  const times = Array.from({ length: RUNS }, () => coldRun(script)).sort((a, b) => a - b);
  const rank = (p: number) => times[Math.ceil(p * times.length) - 1]!;
  return { median: rank(0.5), p95: rank(0.95) };
}

const ms = (n: number) => n.toFixed(1);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** Builds every function bundle, then reports its size and cold import time. */
export const bundles: Benchmark = {
  name: 'bundles',
  description: `size and cold import time of each function bundle (fresh node process, n=${RUNS})`,
  async run() {
    const built = await buildFunctions();
    const baseline = sample('');
    const rows = [
      {
        bundle: '(baseline: node -e "")',
        'index.js KiB': '',
        'all .js KiB': '',
        'median ms': ms(baseline.median),
        'p95 ms': ms(baseline.p95),
        'median - baseline ms': '',
      },
    ];
    for (const b of built) {
      const url = pathToFileURL(resolve(b.dir, 'index.js')).href;
      const t = sample(`await import(${JSON.stringify(url)});`);
      rows.push({
        bundle: b.entry.name,
        'index.js KiB': kib(b.bytes),
        'all .js KiB': kib(b.totalBytes),
        'median ms': ms(t.median),
        'p95 ms': ms(t.p95),
        'median - baseline ms': ms(t.median - baseline.median),
      });
    }
    return {
      rows,
      notes: [
        `\nImport time is the wall time of \`node --input-type=module -e "await import(<bundle>/index.js)"\`,`,
        'process start included (see the baseline row); lazily loaded chunks (adapters, SDKs) are not imported.',
      ],
    };
  },
};
