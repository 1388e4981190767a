/**
 * The cloud benchmark's input: a legacy CUR CSV written by the fake provider's process (bench/providers.ts), as AWS
 * writes its export, so that generating it takes none of the measured process's memory or time.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { sample } from '../shared/testing/samples.js';
import { prng } from '../shared/testing/prng.js';

export const SAMPLE = sample('focus-converters', 'sample-anonymous-aws-export-dataset.csv');
export const DAYS = 30;
export const START = '2023-11-01';

/** What writeCurExport wrote: Σ lineItem/UnblendedCost exactly (decimal text), its shape and rows per day. */
export interface CurExport {
  total: string;
  columns: number;
  sampleRows: number;
  perDay: number[];
}

/** Distinct resources per product code (resource ids repeat over the month, as real ones do). */
const RESOURCES = 4_000;
const DAY_MS = 86_400_000;
const MONTH_END = Date.parse('2023-12-01T00:00:00Z');
/** Exact sums: decimal.js's default 20 significant digits could round a month of 10-decimal costs. */
const Exact = Decimal.clone({ precision: 60 });

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** CUR's timestamp forms: `2023-11-01T00:00:00.000Z` (line item dates), `2023-11-01T00:00:00Z` (intervals). */
const curTs = (ms: number) => new Date(ms).toISOString();
const intervalTs = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A short resource id of the kind the product code bills (S3 bucket, queue, key, log group, … ARN). */
function resourceId(product: string, region: string, account: string, n: number): string {
  const r = region || 'us-east-1';
  const id = String(n).padStart(5, '0');
  switch (product) {
    case 'AmazonS3':
      return `bench-bucket-${id}`;
    case 'AWSQueueService':
      return `arn:aws:sqs:${r}:${account}:bench-queue-${id}`;
    case 'AmazonSNS':
      return `arn:aws:sns:${r}:${account}:bench-topic-${id}`;
    case 'awskms':
      return `arn:aws:kms:${r}:${account}:key/${id}-bench-0000-4000-8000-${id.repeat(2)}00`;
    case 'AWSGlue':
      return `arn:aws:glue:${r}:${account}:job/bench-job-${id}`;
    case 'AmazonCloudWatch':
      return `arn:aws:logs:${r}:${account}:log-group:/bench/app-${id}`;
    case 'AmazonEFS':
      return `arn:aws:elasticfilesystem:${r}:${account}:file-system/fs-${id}bench`;
    default:
      return `arn:aws:${product.toLowerCase()}:${r}:${account}:resource/bench-${id}`;
  }
}

/**
 * Writes `rows` CUR rows made from the sample's 1,281: row i copies sample row i % 1281 (every column kept, the
 * original text of the untouched ones included), moved to one of the 30 days of November 2023 (the sample's
 * time of day and duration kept, ends clamped to the month), with a unique identity/LineItemId, a resource id
 * (the sample has no lineItem/ResourceId column: it is added after lineItem/AvailabilityZone, as in CUR) and its
 * amounts (usage, unblended / blended / public on-demand cost) scaled by a factor in [0.5, 1.5) with 3 decimals,
 * costs rounded to 10 decimal places. Returns Σ lineItem/UnblendedCost of the file, exact.
 */
export function writeCurExport(file: string, rows: number): CurExport {
  const table = parse(readFileSync(SAMPLE), { columns: false }) as string[][];
  const header = table[0]!;
  const sample = table.slice(1);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`sample has no column ${name}`);
    return i;
  };
  const id = col('identity/LineItemId');
  const interval = col('identity/TimeInterval');
  const start = col('lineItem/UsageStartDate');
  const end = col('lineItem/UsageEndDate');
  const product = col('lineItem/ProductCode');
  const type = col('lineItem/LineItemType');
  const account = col('lineItem/UsageAccountId');
  const region = col('product/regionCode');
  const zone = col('lineItem/AvailabilityZone');
  const unblended = col('lineItem/UnblendedCost');
  const scaled = [unblended, col('lineItem/BlendedCost'), col('pricing/publicOnDemandCost')];
  const usage = col('lineItem/UsageAmount');
  const templates = sample.map((cells) => {
    const s = Date.parse(cells[start]!);
    return {
      cells: cells.map(csvCell),
      startDay: Math.floor(s / DAY_MS) * DAY_MS,
      offset: s - Math.floor(s / DAY_MS) * DAY_MS,
      span: Date.parse(cells[end]!) - s,
      money: scaled.map((i) => (cells[i] === '' ? null : new Exact(cells[i]!))),
      usage: cells[usage] === '' ? null : new Exact(cells[usage]!),
      tax: cells[type] === 'Tax',
      product: cells[product]!,
      region: cells[region]!,
      account: cells[account]!,
    };
  });
  const out = [...header.slice(0, zone + 1), 'lineItem/ResourceId', ...header.slice(zone + 1)].map(csvCell);
  const rand = prng(20231101);
  const day0 = Date.parse(`${START}T00:00:00Z`);
  let total = new Exact(0);
  const perDay = new Array<number>(DAYS).fill(0);
  const fd = openSync(file, 'w');
  try {
    let chunk = out.join(',') + '\n';
    for (let i = 0; i < rows; i++) {
      const t = templates[i % templates.length]!;
      const rep = Math.floor(i / templates.length);
      const d = (i + rep) % DAYS;
      perDay[d]!++;
      const s = day0 + d * DAY_MS + t.offset;
      const e = Math.min(s + t.span, MONTH_END);
      const factor = new Exact(500 + Math.floor(rand() * 1000)).div(1000);
      const cells = t.cells.slice();
      cells[id] = `${cells[id]!.slice(0, 41)}${i.toString(36).padStart(10, '0')}`;
      cells[interval] = `${intervalTs(day0 + d * DAY_MS)}/${intervalTs(day0 + (d + 1) * DAY_MS)}`;
      cells[start] = curTs(s);
      cells[end] = curTs(e);
      t.money.forEach((m, k) => {
        if (m) cells[scaled[k]!] = m.times(factor).toDecimalPlaces(10).toFixed();
      });
      if (t.usage) cells[usage] = t.usage.times(factor).toFixed();
      total = total.plus(cells[unblended]!);
      const resource = t.tax
        ? ''
        : resourceId(t.product, t.region, t.account, Math.floor(rand() * RESOURCES));
      cells.splice(zone + 1, 0, csvCell(resource));
      chunk += cells.join(',') + '\n';
      if (chunk.length > 4_000_000) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return { total: total.toFixed(), columns: out.length, sampleRows: sample.length, perDay };
}
