/**
 * `npm run bench -- web`: the web app's entry bundle size (gzipped) and each lazy page chunk, then the dashboard's
 * time to its first drawn chart in Debian's Chromium against `npm start` with the demo. Targets: entry ≤ 200 kB
 * gzipped, dashboard median ≤ 1.5 s. `--runs N` (default 10) timed navigations after `--warmup N` (2).
 */
import { ensureWebBuilt, WEB_DIST } from '../scripts/local/build-web.js';
import { intOption, machineNote } from './support.js';
import { readBundleSizes } from './web-bundle.js';
import { measureDashboard } from './web-browser.js';
import type { Benchmark, Rows } from './run.js';

const ENTRY_TARGET_KB = 200;
const DASHBOARD_TARGET_MS = 1500;

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile of `xs`. */
const rank = (xs: number[], p: number) => sorted(xs)[Math.ceil(p * xs.length) - 1]!;

export const web: Benchmark = {
  name: 'web',
  description:
    'web app: entry JS gzipped (+ each lazy page chunk), and the dashboard in Chromium until its first chart draws data (npm start with the demo; --runs N, default 10)',
  async run() {
    const runs = intOption('runs', 10);
    const warmups = intOption('warmup', 2);
    const started = Date.now();
    const built = await ensureWebBuilt();
    const buildS = (Date.now() - started) / 1000;
    const sizes = readBundleSizes(WEB_DIST);
    const rows: Rows = [
      {
        measure: `entry JS (${sizes.entry.files.length} chunk(s): index.html's script + static imports)`,
        value: kb(sizes.entry.gzip),
        unit: 'kB gzip',
        target: `≤ ${ENTRY_TARGET_KB}`,
        met: sizes.entry.gzip / 1000 <= ENTRY_TARGET_KB ? 'yes' : 'NO',
      },
      { measure: 'entry CSS', value: kb(sizes.entry.cssGzip), unit: 'kB gzip', target: '', met: '' },
      ...sizes.lazy.map((c) => ({
        measure: `lazy ${c.name} (${c.file}; own ${kb(c.gzip)} kB)`,
        value: kb(c.withImportsGzip),
        unit: 'kB gzip',
        target: '',
        met: '',
      })),
    ];
    const dash = await measureDashboard(runs, warmups);
    const median = rank(dash.times, 0.5);
    rows.push(
      {
        measure: `dashboard → first chart drawn, median (n=${runs})`,
        value: median.toFixed(0),
        unit: 'ms',
        target: `≤ ${DASHBOARD_TARGET_MS}`,
        met: median <= DASHBOARD_TARGET_MS ? 'yes' : 'NO',
      },
      {
        measure: `dashboard → first chart drawn, p95 (nearest rank)`,
        value: rank(dash.times, 0.95).toFixed(0),
        unit: 'ms',
        target: '',
        met: '',
      },
    );
    return {
      rows,
      notes: [
        '',
        `Build: ${built ? `vite build in ${buildS.toFixed(1)} s` : 'web/dist was up to date with its sources (stamp)'}; ` +
          `sizes are the files in web/dist gzipped by zlib at its default level (kB = 1000 bytes). A lazy chunk's ` +
          'value includes the static imports it adds beyond the entry; "own" is the chunk alone.',
        `Dashboard: ${dash.path}, ${warmups} unmeasured warm-up loads, then ${runs} page.goto each timed from the ` +
          'navigation start (performance.now() in the page) until a chart SVG holds a drawn bar, line or area path. ' +
          'Same browser context throughout (signed in once; the HTTP cache keeps hashed assets, index.html revalidates).',
        `All times (ms): ${dash.times.map((t) => t.toFixed(0)).join(', ')}.`,
        `npm start answered /health after ${dash.platformStartS.toFixed(1)} s; the demo was ready after ${dash.demoReadyS.toFixed(1)} s.`,
        machineNote(),
      ],
    };
  },
};
