/**
 * Pipeline step configs: the `config` of each step type of a pipeline YAML, as zod. Owned here so a definition is
 * checked whole when it is validated (pipeline-validator, the catalog loader), and the step function parses the
 * same schema when it runs. To add a step type: its schema here, keyed by the type's name.
 */
import { z } from 'zod';
import { CLOUD_PROVIDERS, GENAI_PROVIDERS, type CloudProvider } from './providers.js';

/**
 * The billing export formats of each cloud (`extract-cloud-billing`'s `format`); shared/cloud/formats.ts
 * implements each one (a test checks the two lists are the same).
 */
export const CLOUD_BILLING_FORMATS: Readonly<Record<CloudProvider, readonly string[]>> = {
  aws: ['cur', 'focus', 'focus_commitment'],
  azure: ['actual', 'amortized', 'focus', 'focus_commitment'],
  gcp: ['billing_export', 'focus', 'focus_commitment'],
  oci: ['focus', 'cost_report'],
};

const Ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const Measure = z.strictObject({ table: Ident, column: Ident });

const DqCheckSchema = z.discriminatedUnion('kind', [
  /** Σ left = Σ right over the run's slice, exactly (or within `tolerance`). */
  z.strictObject({
    kind: z.literal('sum_equal'),
    name: Ident,
    left: Measure,
    right: Measure,
    tolerance: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .default('0'),
  }),
  /** At least `min` rows in the run's slice. */
  z.strictObject({
    kind: z.literal('row_count_min'),
    name: Ident,
    table: Ident,
    min: z.number().int().min(0),
  }),
]);

export const DqCheckConfigSchema = z.strictObject({ checks: z.array(DqCheckSchema).min(1).max(50) });

export const GenerateSampleConfigSchema = z.strictObject({
  flow: z.enum(['cloud', 'genai']),
  rows_per_day: z.number().int().min(1).max(500).default(8),
});

export const RunProcedureConfigSchema = z.strictObject({
  /** Path under PROCEDURES_DIR without `.sql`, e.g. `sample/sp_sample_convert_to_focus`. */
  procedure: z.string().regex(/^[a-z0-9_]+(\/[a-z0-9_]+)*$/, 'must be a procedure path like domain/sp_name'),
  /** The per-org table whose run slice the procedure's rows replace. */
  target: z.string().regex(/^[a-z_][a-z0-9_]*$/),
});

export const ExtractGenAiConfigSchema = z.strictObject({
  provider: z.enum(GENAI_PROVIDERS),
  /** `usage_api`: the provider's admin usage API (OpenAI, Anthropic); `import`: rows imported through the API. */
  source: z.enum(['usage_api', 'import']),
  /** Also read the provider-billed costs (usage_api only). */
  billed_costs: z.boolean().default(true),
});

export const ExtractCloudBillingConfigSchema = z
  .strictObject({
    provider: z.enum(CLOUD_PROVIDERS),
    /** A format of that provider (CLOUD_BILLING_FORMATS), e.g. `cur` for AWS. */
    format: z.string().regex(/^[a-z0-9_]{1,40}$/),
  })
  .superRefine((c, issue) => {
    const known = CLOUD_BILLING_FORMATS[c.provider];
    if (!known.includes(c.format)) {
      issue.addIssue({
        code: 'custom',
        path: ['format'],
        message: `unknown ${c.provider} billing format "${c.format}" (known: ${known.join(', ')})`,
      });
    }
  });

export const SubscriptionCostsConfigSchema = z.strictObject({});

export const PriceGenAiConfigSchema = z.strictObject({});

export const AllocateHierarchyConfigSchema = z.strictObject({
  scope: z.enum(['run', 'org']).default('run'),
  /**
   * Rows one batch covers (whole run dates; a larger run date is read alone). Rows stay in the warehouse: JS holds
   * one entry per distinct group of allocation inputs, at most one per row, and each batch's read scans the table
   * once, so few large batches are the fast choice (1M CUR rows over 30 days: 20,000 a batch, one read per day,
   * 4.7 s; 200,000, 1.0 s). A smaller value bounds the groups held when nearly every row allocates differently.
   */
  max_rows_per_batch: z.number().int().min(1).max(200_000).default(200_000),
});

/** Step type -> the zod schema of its `config`. */
export const STEP_CONFIGS = {
  'generate-sample': GenerateSampleConfigSchema,
  'run-procedure': RunProcedureConfigSchema,
  'dq-check': DqCheckConfigSchema,
  'extract-genai-usage': ExtractGenAiConfigSchema,
  'extract-cloud-billing': ExtractCloudBillingConfigSchema,
  'calculate-subscription-costs': SubscriptionCostsConfigSchema,
  'price-genai-usage': PriceGenAiConfigSchema,
  'allocate-hierarchy': AllocateHierarchyConfigSchema,
} as const satisfies Record<string, z.ZodType>;

export type StepType = keyof typeof STEP_CONFIGS;
/** The parsed config of a step type (defaults applied). */
export type StepConfig<T extends StepType> = z.output<(typeof STEP_CONFIGS)[T]>;

/** Whether `type` is a step type with a config schema here. */
export function isStepType(type: string): type is StepType {
  return Object.hasOwn(STEP_CONFIGS, type);
}
