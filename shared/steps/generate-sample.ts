import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { StepConfig } from '../contracts/steps.js';
import { sampleCostsRawDaily } from '../datasets/sample.js';
import type { StepRun } from '../pipelines/step-function.js';
import { datesBetween, lineage, orgDatasetOf } from './common.js';

interface Sku {
  provider: string;
  provider_name: string;
  service_name: string;
  service_category: string;
  sku_id: string;
  usage_unit: string;
  unit_price: string;
  /** Typical daily quantity. */
  scale: number;
}

const SKUS: Record<'cloud' | 'genai', Sku[]> = {
  cloud: [
    {
      provider: 'gcp',
      provider_name: 'Google Cloud',
      service_name: 'Compute Engine',
      service_category: 'Compute',
      sku_id: 'N2-CORE-HOURS',
      usage_unit: 'Hours',
      unit_price: '0.031611',
      scale: 400,
    },
    {
      provider: 'gcp',
      provider_name: 'Google Cloud',
      service_name: 'Cloud Storage',
      service_category: 'Storage',
      sku_id: 'STANDARD-GIB-MONTH',
      usage_unit: 'GiB-Months',
      unit_price: '0.000657',
      scale: 9000,
    },
    {
      provider: 'aws',
      provider_name: 'Amazon Web Services',
      service_name: 'Amazon EC2',
      service_category: 'Compute',
      sku_id: 'M6I-LARGE-HOURS',
      usage_unit: 'Hours',
      unit_price: '0.096',
      scale: 200,
    },
    {
      provider: 'aws',
      provider_name: 'Amazon Web Services',
      service_name: 'Amazon RDS',
      service_category: 'Databases',
      sku_id: 'DB-R6G-HOURS',
      usage_unit: 'Hours',
      unit_price: '0.218',
      scale: 48,
    },
  ],
  genai: [
    {
      provider: 'openai',
      provider_name: 'OpenAI',
      service_name: 'gpt-4o',
      service_category: 'AI and Machine Learning',
      sku_id: 'gpt-4o/input',
      usage_unit: '1M Tokens',
      unit_price: '2.50',
      scale: 30,
    },
    {
      provider: 'openai',
      provider_name: 'OpenAI',
      service_name: 'gpt-4o',
      service_category: 'AI and Machine Learning',
      sku_id: 'gpt-4o/output',
      usage_unit: '1M Tokens',
      unit_price: '10.00',
      scale: 6,
    },
    {
      provider: 'anthropic',
      provider_name: 'Anthropic',
      service_name: 'claude-sonnet-4',
      service_category: 'AI and Machine Learning',
      sku_id: 'claude-sonnet-4/input',
      usage_unit: '1M Tokens',
      unit_price: '3.00',
      scale: 20,
    },
    {
      provider: 'anthropic',
      provider_name: 'Anthropic',
      service_name: 'claude-sonnet-4',
      service_category: 'AI and Machine Learning',
      sku_id: 'claude-sonnet-4/output',
      usage_unit: '1M Tokens',
      unit_price: '15.00',
      scale: 4,
    },
  ],
};

/** A deterministic fraction in [0, 1) from the seed (same org, date and index give the same rows). */
const unit = (seed: string) => createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;

/** Deterministic synthetic usage for each day of the run; quantities have 3 decimals, cost is exact. */
export function sampleRows(orgSlug: string, flow: 'cloud' | 'genai', date: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const sku = SKUS[flow][i % SKUS[flow].length]!;
    const qty = new Decimal(sku.scale).mul(0.5 + unit(`${orgSlug}|${date}|${flow}|${i}`)).toDecimalPlaces(3);
    return {
      usage_date: date,
      flow,
      ...sku,
      usage_quantity: qty.toFixed(3),
      cost: qty.mul(sku.unit_price).toFixed(9),
      currency: 'USD',
    };
  });
}

/** Writes the day slices of one branch (cloud or genai) of the sample pipeline. */
export async function generateSample(run: StepRun<StepConfig<'generate-sample'>>) {
  const { ctx, step, config } = run;
  const wh = await ctx.warehouse();
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const now = new Date();
  let written = 0;
  for (const date of datesBetween(step.start_date, step.end_date)) {
    const rows = sampleRows(step.org_slug, config.flow, date, config.rows_per_day).map((r) => {
      const { scale: _scale, ...row } = r;
      return { ...row, ...lineage(step, date, now) };
    });
    await wh.replaceSlice(
      dataset,
      sampleCostsRawDaily,
      {
        x_org_slug: step.org_slug,
        x_pipeline_id: step.pipeline_id,
        x_credential_id: step.credential_id,
        x_pipeline_run_date: date,
        flow: config.flow,
      },
      rows,
    );
    written += rows.length;
  }
  await run.record('sample rows written', { flow: config.flow, rows: written });
  return { rows_written: written };
}
