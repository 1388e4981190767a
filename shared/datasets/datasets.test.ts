import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertTableDef, type ColumnType, type TableDef } from '../ports/warehouse/schema.js';
import {
  apiWrittenTables,
  contractCommitment13,
  costDataStandard13,
  hierarchyColumns,
  lineageColumns,
  orgDatasetTables,
  derivedTables,
  pipelineWrittenTables,
} from './index.js';
import { centralDatasetTables } from './central.js';

type Level = 'Mandatory' | 'Conditional' | 'Recommended';
type SpecType = 'String' | 'Decimal' | 'Date/Time' | 'JSON';
/** [column id, feature level, data type, allows nulls] */
type SpecRow = readonly [string, Level, SpecType, boolean];

// Transcribed from /work/shared/reference/focus-1.3-columns.md §3.3 (Cost and Usage column summary table).
const COST_AND_USAGE_1_3: readonly SpecRow[] = [
  ['AllocatedMethodDetails', 'Recommended', 'JSON', true],
  ['AllocatedMethodId', 'Conditional', 'String', true],
  ['AllocatedResourceId', 'Conditional', 'String', true],
  ['AllocatedResourceName', 'Conditional', 'String', true],
  ['AllocatedTags', 'Conditional', 'JSON', true],
  ['AvailabilityZone', 'Recommended', 'String', true],
  ['BilledCost', 'Mandatory', 'Decimal', false],
  ['BillingAccountId', 'Mandatory', 'String', false],
  ['BillingAccountName', 'Mandatory', 'String', true],
  ['BillingAccountType', 'Conditional', 'String', false],
  ['BillingCurrency', 'Mandatory', 'String', false],
  ['BillingPeriodEnd', 'Mandatory', 'Date/Time', false],
  ['BillingPeriodStart', 'Mandatory', 'Date/Time', false],
  ['CapacityReservationId', 'Conditional', 'String', true],
  ['CapacityReservationStatus', 'Conditional', 'String', true],
  ['ChargeCategory', 'Mandatory', 'String', false],
  ['ChargeClass', 'Mandatory', 'String', true],
  ['ChargeDescription', 'Mandatory', 'String', true],
  ['ChargeFrequency', 'Recommended', 'String', false],
  ['ChargePeriodEnd', 'Mandatory', 'Date/Time', false],
  ['ChargePeriodStart', 'Mandatory', 'Date/Time', false],
  ['CommitmentDiscountCategory', 'Conditional', 'String', true],
  ['CommitmentDiscountId', 'Conditional', 'String', true],
  ['CommitmentDiscountName', 'Conditional', 'String', true],
  ['CommitmentDiscountQuantity', 'Conditional', 'Decimal', true],
  ['CommitmentDiscountStatus', 'Conditional', 'String', true],
  ['CommitmentDiscountType', 'Conditional', 'String', true],
  ['CommitmentDiscountUnit', 'Conditional', 'String', true],
  ['ConsumedQuantity', 'Conditional', 'Decimal', true],
  ['ConsumedUnit', 'Conditional', 'String', true],
  ['ContractApplied', 'Conditional', 'JSON', true],
  ['ContractedCost', 'Mandatory', 'Decimal', false],
  ['ContractedUnitPrice', 'Conditional', 'Decimal', true],
  ['EffectiveCost', 'Mandatory', 'Decimal', false],
  ['HostProviderName', 'Mandatory', 'String', true],
  ['InvoiceId', 'Recommended', 'String', true],
  ['InvoiceIssuerName', 'Mandatory', 'String', false],
  ['ListCost', 'Mandatory', 'Decimal', false],
  ['ListUnitPrice', 'Conditional', 'Decimal', true],
  ['PricingCategory', 'Conditional', 'String', true],
  ['PricingCurrency', 'Conditional', 'String', true],
  ['PricingCurrencyContractedUnitPrice', 'Conditional', 'Decimal', true],
  ['PricingCurrencyEffectiveCost', 'Conditional', 'Decimal', true],
  ['PricingCurrencyListUnitPrice', 'Conditional', 'Decimal', true],
  ['PricingQuantity', 'Mandatory', 'Decimal', true],
  ['PricingUnit', 'Mandatory', 'String', true],
  ['ProviderName', 'Mandatory', 'String', false],
  ['PublisherName', 'Mandatory', 'String', false],
  ['RegionId', 'Conditional', 'String', true],
  ['RegionName', 'Conditional', 'String', true],
  ['ResourceId', 'Conditional', 'String', true],
  ['ResourceName', 'Conditional', 'String', true],
  ['ResourceType', 'Conditional', 'String', true],
  ['ServiceCategory', 'Mandatory', 'String', false],
  ['ServiceName', 'Mandatory', 'String', false],
  ['ServiceProviderName', 'Mandatory', 'String', false],
  ['ServiceSubcategory', 'Recommended', 'String', false],
  ['SkuId', 'Conditional', 'String', true],
  ['SkuMeter', 'Conditional', 'String', true],
  ['SkuPriceDetails', 'Conditional', 'JSON', true],
  ['SkuPriceId', 'Conditional', 'String', true],
  ['SubAccountId', 'Conditional', 'String', true],
  ['SubAccountName', 'Conditional', 'String', true],
  ['SubAccountType', 'Conditional', 'String', true],
  ['Tags', 'Conditional', 'JSON', true],
];

// §4.1 (Contract Commitment column summary); all 13 are Mandatory. Nullability follows the normative bullets
// (§9.6): ContractCommitmentId and ContractId MUST NOT be null although the summary says True.
const CONTRACT_COMMITMENT_1_3: readonly SpecRow[] = [
  ['BillingCurrency', 'Mandatory', 'String', true],
  ['ContractCommitmentCategory', 'Mandatory', 'String', false],
  ['ContractCommitmentCost', 'Mandatory', 'Decimal', true],
  ['ContractCommitmentDescription', 'Mandatory', 'String', true],
  ['ContractCommitmentId', 'Mandatory', 'String', false],
  ['ContractCommitmentPeriodEnd', 'Mandatory', 'Date/Time', false],
  ['ContractCommitmentPeriodStart', 'Mandatory', 'Date/Time', false],
  ['ContractCommitmentQuantity', 'Mandatory', 'Decimal', true],
  ['ContractCommitmentType', 'Mandatory', 'String', false],
  ['ContractCommitmentUnit', 'Mandatory', 'String', true],
  ['ContractId', 'Mandatory', 'String', false],
  ['ContractPeriodEnd', 'Mandatory', 'Date/Time', false],
  ['ContractPeriodStart', 'Mandatory', 'Date/Time', false],
];

const BQ_TYPE: Record<SpecType, ColumnType> = {
  String: 'STRING',
  Decimal: 'NUMERIC',
  'Date/Time': 'TIMESTAMP',
  JSON: 'JSON',
};

const names = (t: TableDef) => t.columns.map((c) => c.name);
const customColumns = (t: TableDef, spec: readonly SpecRow[]) => {
  const ids = new Set(spec.map(([id]) => id));
  return t.columns.filter((c) => !ids.has(c.name));
};

/** Shared checks for a FOCUS table against its transcribed spec rows. */
function checkFocusTable(table: TableDef, spec: readonly SpecRow[]) {
  const focusCols = table.columns.filter((c) => !c.name.startsWith('x_'));
  expect(focusCols.map((c) => c.name).sort()).toEqual(spec.map(([id]) => id).sort());
  for (const [id, , type, nullable] of spec) {
    const col = table.columns.find((c) => c.name === id)!;
    // Costs and unit prices are BIGNUMERIC: per-token GenAI prices and costs need more than 9 decimals.
    const wanted =
      type === 'Decimal' &&
      table === costDataStandard13 &&
      /(Cost|UnitPrice|^PricingQuantity|^ConsumedQuantity|^CommitmentDiscountQuantity)$/.test(id)
        ? 'BIGNUMERIC'
        : BQ_TYPE[type];
    expect(col.type, id).toBe(wanted);
    // NOT NULL only where the spec forbids nulls; never stricter than the spec.
    if (nullable) expect(col.mode ?? 'NULLABLE', id).toBe('NULLABLE');
  }
  // ColumnHandling: custom columns are x_-prefixed and follow all FOCUS columns.
  const custom = customColumns(table, spec);
  for (const c of custom) expect(c.name, c.name).toMatch(/^x_/);
  expect(names(table).slice(0, spec.length).sort()).toEqual(spec.map(([id]) => id).sort());
}

describe('per-org dataset tables', () => {
  it('every table passes assertTableDef', () => {
    for (const t of orgDatasetTables) expect(() => assertTableDef(t), t.name).not.toThrow();
  });

  it('lists each seed per-org table once, FOCUS first', () => {
    expect(orgDatasetTables.map((t) => t.name)).toEqual([
      'cost_data_standard_1_3',
      'contract_commitment_1_3',
      'subscription_plans',
      'subscription_plan_costs_daily',
      'genai_payg_pricing',
      'genai_payg_usage_raw',
      'genai_payg_costs_daily',
      'genai_payg_billed_costs_daily',
      'genai_usage_imports',
      'genai_commitment_pricing',
      'genai_commitment_usage_raw',
      'genai_commitment_costs_daily',
      'genai_infrastructure_pricing',
      'genai_infrastructure_usage_raw',
      'genai_infrastructure_costs_daily',
      'genai_costs_daily_unified',
      'genai_usage_daily_unified',
      'cloud_gcp_billing_raw_daily',
      'cloud_aws_billing_raw_daily',
      'cloud_azure_billing_raw_daily',
      'cloud_oci_billing_raw_daily',
      'cloud_focus_billing_raw_daily',
      'cloud_focus_commitment_raw',
      'sample_costs_raw_daily',
      'cost_daily_rollup',
    ]);
  });

  it('has no duplicate column names (case-insensitive) in any table', () => {
    for (const t of orgDatasetTables) {
      const lower = names(t).map((n) => n.toLowerCase());
      expect(new Set(lower).size, t.name).toBe(lower.length);
    }
  });

  it('gives every column a description and every table a version', () => {
    for (const t of orgDatasetTables) {
      expect(t.version, t.name).toBeGreaterThanOrEqual(1);
      for (const c of t.columns) expect(c.description?.trim(), `${t.name}.${c.name}`).toBeTruthy();
    }
  });

  it('partitions only by a DATE or TIMESTAMP column', () => {
    for (const t of orgDatasetTables) {
      if (!t.partitionBy) continue;
      const col = t.columns.find((c) => c.name === t.partitionBy);
      expect(['DATE', 'TIMESTAMP'], t.name).toContain(col?.type);
    }
  });

  it('puts the 7 core lineage columns, with their seed types, on every pipeline-written table', () => {
    const expected: Record<string, ColumnType> = {
      x_org_slug: 'STRING',
      x_pipeline_id: 'STRING',
      x_credential_id: 'STRING',
      x_pipeline_run_date: 'DATE',
      x_run_id: 'STRING',
      x_ingested_at: 'TIMESTAMP',
      x_ingestion_date: 'DATE',
    };
    expect(Object.fromEntries(lineageColumns.map((c) => [c.name, c.type]))).toEqual(expected);
    expect(pipelineWrittenTables.length + apiWrittenTables.length + derivedTables.length).toBe(
      orgDatasetTables.length,
    );
    for (const t of pipelineWrittenTables) {
      for (const [name, type] of Object.entries(expected)) {
        expect(t.columns.find((c) => c.name === name)?.type, `${t.name}.${name}`).toBe(type);
      }
    }
  });

  it('keeps x_* columns off API-written tables', () => {
    for (const t of apiWrittenTables)
      expect(
        names(t).filter((n) => n.startsWith('x_')),
        t.name,
      ).toEqual([]);
  });

  it('uses NUMERIC for money (BIGNUMERIC for GenAI per-token costs and raw cloud billing) and INT64 for token counts', () => {
    const exactGenAi = new Set([
      'genai_payg_costs_daily',
      'genai_payg_billed_costs_daily',
      'genai_costs_daily_unified',
      'cloud_gcp_billing_raw_daily',
      'cloud_aws_billing_raw_daily',
      'cloud_azure_billing_raw_daily',
      'cloud_oci_billing_raw_daily',
      // Sums of FOCUS BilledCost / EffectiveCost (BIGNUMERIC): the same type, so no rounding.
      'cost_daily_rollup',
    ]);
    for (const t of orgDatasetTables) {
      for (const c of t.columns.filter((col) => !col.name.startsWith('x_'))) {
        if (/(cost|price|_rate|_per_1m|credits_total|_in_usd)$/.test(c.name)) {
          expect(c.type, `${t.name}.${c.name}`).toBe(exactGenAi.has(t.name) ? 'BIGNUMERIC' : 'NUMERIC');
        }
        if (/_tokens$/.test(c.name)) expect(c.type, `${t.name}.${c.name}`).toBe('INT64');
      }
    }
  });
});

describe('cost_data_standard_1_3 (FOCUS 1.3 Cost and Usage)', () => {
  it('transcribes 65 columns: 23 Mandatory, 37 Conditional, 5 Recommended', () => {
    const count = (l: Level) => COST_AND_USAGE_1_3.filter(([, level]) => level === l).length;
    expect(COST_AND_USAGE_1_3).toHaveLength(65);
    expect([count('Mandatory'), count('Conditional'), count('Recommended')]).toEqual([23, 37, 5]);
  });

  it('has exactly the 1.3 columns, spec types and nullability, then x_ columns', () => {
    checkFocusTable(costDataStandard13, COST_AND_USAGE_1_3);
  });

  it('is NOT NULL for the core always-filled columns', () => {
    const required = costDataStandard13.columns.filter((c) => c.mode === 'REQUIRED').map((c) => c.name);
    expect(required).toEqual(
      expect.arrayContaining([
        'BilledCost',
        'EffectiveCost',
        'ListCost',
        'ContractedCost',
        'BillingCurrency',
        'ChargePeriodStart',
        'ChargePeriodEnd',
        'BillingPeriodStart',
        'BillingPeriodEnd',
        'ChargeCategory',
        'ServiceCategory',
        'ServiceName',
        'ServiceProviderName',
        'x_org_slug',
        'x_cost_type',
      ]),
    );
  });

  it('carries provider, cost-type and hierarchy x_ columns', () => {
    const cols = names(costDataStandard13);
    for (const n of [
      'x_cloud_provider',
      'x_cloud_account_id',
      'x_genai_provider',
      'x_genai_account_id',
      'x_genai_model',
      'x_cost_type',
      'x_source_system',
      ...hierarchyColumns.map((c) => c.name),
    ]) {
      expect(cols, n).toContain(n);
    }
    expect(hierarchyColumns).toHaveLength(5);
  });

  it('partitions by ChargePeriodStart and clusters by cost type, provider and category', () => {
    expect(costDataStandard13.partitionBy).toBe('ChargePeriodStart');
    expect(costDataStandard13.clusterBy).toEqual(['x_cost_type', 'ServiceProviderName', 'ServiceCategory']);
  });
});

describe('contract_commitment_1_3 (FOCUS 1.3 Contract Commitment)', () => {
  it('has exactly the 13 Contract Commitment columns with spec types, then x_ columns', () => {
    expect(CONTRACT_COMMITMENT_1_3).toHaveLength(13);
    checkFocusTable(contractCommitment13, CONTRACT_COMMITMENT_1_3);
  });
});

describe('table definitions (snapshot)', () => {
  // Every table, column by column (name, type, mode, description), with version, partitioning and clustering:
  // a refactor of the column builders must leave this unchanged; a deliberate schema change updates it. A mode
  // written `-*` is absent from the column (NULLABLE by default), told apart from an explicit NULLABLE.
  const lines = (t: TableDef) => [
    `${t.name} v${t.version} partition=${t.partitionBy ?? '-'} cluster=${(t.clusterBy ?? []).join(',') || '-'}`,
    `  ${t.description}`,
    ...t.columns.map(
      (c) => `  ${c.name} ${c.type} ${c.mode ?? '-'}${'mode' in c ? '' : '*'} ${c.description ?? ''}`,
    ),
  ];

  it('keeps every table of the per-org dataset and the central dataset exactly as declared', () => {
    expect([...orgDatasetTables, ...centralDatasetTables].flatMap(lines)).toMatchSnapshot();
  });
});

describe('schema files', () => {
  it('are one per table, named after it: schemas/<table_name>.json', () => {
    const files = readdirSync(new URL('./schemas/', import.meta.url)).sort();
    const tables = [...orgDatasetTables, ...centralDatasetTables].map((t) => `${t.name}.json`).sort();
    expect(files).toEqual(tables);
  });
});
