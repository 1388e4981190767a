import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costDataStandard13, focusCostAndUsageColumns } from '../datasets/focus-cost.js';
import {
  assertFocusConformant,
  checkFocusRows,
  focusColumnSpecs,
  focusRules,
  focusUnitProblem,
  type FocusCheckOptions,
  type FocusViolation,
} from './conformance.js';
import { sample as samplePath } from '../testing/samples.js';

type Row = Record<string, unknown>;

/** A conformant GenAI token-usage row: all 65 FOCUS columns plus platform x_ columns. */
function genaiRow(): Row {
  return {
    AllocatedMethodDetails: null,
    AllocatedMethodId: null,
    AllocatedResourceId: null,
    AllocatedResourceName: null,
    AllocatedTags: null,
    AvailabilityZone: null,
    BilledCost: '0.003085',
    BillingAccountId: 'org-acme',
    BillingAccountName: 'Acme AI',
    BillingAccountType: 'Organization',
    BillingCurrency: 'USD',
    BillingPeriodEnd: '2026-11-01T00:00:00.000Z',
    BillingPeriodStart: '2026-10-01T00:00:00.000Z',
    CapacityReservationId: null,
    CapacityReservationStatus: null,
    ChargeCategory: 'Usage',
    ChargeClass: null,
    ChargeDescription: 'gpt-4o input tokens',
    ChargeFrequency: 'Usage-Based',
    ChargePeriodEnd: '2026-10-06T00:00:00+00:00',
    ChargePeriodStart: '2026-10-05T00:00:00+00:00',
    CommitmentDiscountCategory: null,
    CommitmentDiscountId: null,
    CommitmentDiscountName: null,
    CommitmentDiscountQuantity: null,
    CommitmentDiscountStatus: null,
    CommitmentDiscountType: null,
    CommitmentDiscountUnit: null,
    ConsumedQuantity: '1234',
    ConsumedUnit: 'Tokens',
    ContractApplied: null,
    ContractedCost: '0.003085',
    ContractedUnitPrice: '0.0000025',
    EffectiveCost: '0.003085',
    HostProviderName: 'OpenAI',
    InvoiceId: null,
    InvoiceIssuerName: 'OpenAI',
    ListCost: '0.003085',
    ListUnitPrice: '0.0000025',
    PricingCategory: 'Standard',
    PricingCurrency: 'USD',
    PricingCurrencyContractedUnitPrice: '0.0000025',
    PricingCurrencyEffectiveCost: '0.003085',
    PricingCurrencyListUnitPrice: '0.0000025',
    PricingQuantity: '1234',
    PricingUnit: 'Tokens',
    ProviderName: 'OpenAI',
    PublisherName: 'OpenAI',
    RegionId: null,
    RegionName: null,
    ResourceId: 'gpt-4o',
    ResourceName: 'gpt-4o',
    ResourceType: 'Model',
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: 'OpenAI API',
    ServiceProviderName: 'OpenAI',
    ServiceSubcategory: 'Generative AI',
    SkuId: 'gpt-4o-input',
    SkuMeter: 'Input Tokens',
    SkuPriceDetails: '{"x_ModelFamily":"gpt-4o","x_TokenType":"input"}',
    SkuPriceId: 'gpt-4o-input-standard',
    SubAccountId: 'proj_123',
    SubAccountName: 'Default project',
    SubAccountType: 'Project',
    Tags: '{"team":"search","env":"prod"}',
    x_org_slug: 'acme',
    x_cost_type: 'genai',
    x_genai_model: 'gpt-4o',
  };
}

const CONTRACT_ELEMENT = {
  ContractId: 'contract-1',
  ContractCommitmentId: 'commit-1',
  ContractCommitmentAppliedCost: 0.003085,
  ContractCommitmentAppliedQuantity: null,
  ContractCommitmentAppliedUnit: null,
};
const contractApplied = (...elements: unknown[]) => JSON.stringify({ Elements: elements });

/** The (rule, column, level) triples of the findings, deduplicated and sorted. */
const findings = (v: readonly FocusViolation[]) =>
  [...new Set(v.map((x) => `${x.rule} ${x.column} ${x.level}`))].sort();

interface Case {
  name: string;
  /** Expected findings as 'Rule Column' (MUST) or 'Rule Column SHOULD'. */
  expect: string[];
  mutate?: (r: Row) => void;
  rows?: () => Row[];
  options?: (r: Row) => FocusCheckOptions;
}

const cases: Case[] = [
  {
    name: 'a Mandatory column is missing',
    expect: ['ColumnPresence BilledCost'],
    mutate: (r) => delete r.BilledCost,
  },
  {
    name: 'a Recommended column is missing',
    expect: ['ColumnPresence InvoiceId SHOULD'],
    mutate: (r) => delete r.InvoiceId,
  },
  {
    name: 'a custom column without x_',
    expect: ['ColumnNaming tenant_id'],
    mutate: (r) => (r.tenant_id = 'acme'),
  },
  {
    name: 'a FOCUS column in the wrong case',
    expect: ['ColumnNaming billedCost', 'ColumnPresence BilledCost'],
    mutate: (r) => {
      r.billedCost = r.BilledCost;
      delete r.BilledCost;
    },
  },
  {
    name: 'custom columns intermixed with FOCUS columns',
    expect: ['ColumnOrder AllocatedMethodDetails SHOULD'],
    options: (r) => ({ columns: ['x_org_slug', ...Object.keys(r).filter((c) => c !== 'x_org_slug')] }),
  },
  {
    name: 'a number in a String column',
    expect: ['DataType BillingAccountId'],
    mutate: (r) => (r.BillingAccountId = 42),
  },
  {
    name: 'an empty string',
    expect: ['EmptyString ChargeDescription', 'NotNull ChargeDescription SHOULD'],
    mutate: (r) => (r.ChargeDescription = ''),
  },
  {
    name: 'a whitespace-only string',
    expect: ['EmptyString RegionName'],
    mutate: (r) => (r.RegionName = '  '),
  },
  {
    name: "a 'NULL' placeholder",
    expect: ['NullPlaceholder AvailabilityZone'],
    mutate: (r) => (r.AvailabilityZone = 'NULL'),
  },
  {
    name: "an 'N/A' placeholder in a not-null column",
    expect: ['NullPlaceholder ServiceName', 'NotNull ServiceName'],
    mutate: (r) => (r.ServiceName = 'N/A'),
  },
  { name: 'ServiceName null', expect: ['NotNull ServiceName'], mutate: (r) => (r.ServiceName = null) },
  {
    name: 'PricingCurrencyEffectiveCost null (errata #10)',
    expect: ['NotNull PricingCurrencyEffectiveCost'],
    mutate: (r) => (r.PricingCurrencyEffectiveCost = null),
  },
  {
    name: 'ChargeDescription null',
    expect: ['NotNull ChargeDescription SHOULD'],
    mutate: (r) => (r.ChargeDescription = null),
  },
  {
    name: 'ChargeCategory in lower case',
    expect: ['AllowedValues ChargeCategory'],
    mutate: (r) => (r.ChargeCategory = 'usage'),
  },
  {
    name: "ChargeFrequency 'Usage-based'",
    expect: ['AllowedValues ChargeFrequency'],
    mutate: (r) => (r.ChargeFrequency = 'Usage-based'),
  },
  {
    name: 'an unknown ServiceCategory',
    expect: ['AllowedValues ServiceCategory'],
    mutate: (r) => (r.ServiceCategory = 'AI'),
  },
  {
    name: 'an unknown ServiceSubcategory',
    expect: ['AllowedValues ServiceSubcategory'],
    mutate: (r) => (r.ServiceSubcategory = 'LLM'),
  },
  {
    name: "ChargeClass other than 'Correction'",
    expect: ['AllowedValues ChargeClass'],
    mutate: (r) => (r.ChargeClass = 'Refund'),
  },
  {
    name: 'a subcategory of another category',
    expect: ['ServiceSubcategoryParent ServiceSubcategory'],
    mutate: (r) => (r.ServiceSubcategory = 'Other (Compute)'),
  },
  {
    name: 'a thousands separator',
    expect: ['DecimalFormat BilledCost'],
    mutate: (r) => (r.BilledCost = '1,000.00'),
  },
  {
    name: "a leading '+'",
    expect: ['DecimalFormat EffectiveCost'],
    mutate: (r) => (r.EffectiveCost = '+0.003085'),
  },
  {
    name: "an 'E+' exponent",
    expect: ['DecimalFormat ConsumedQuantity'],
    mutate: (r) => (r.ConsumedQuantity = '1.234E+3'),
  },
  {
    name: 'a non-finite number',
    expect: ['DecimalFormat BilledCost'],
    mutate: (r) => (r.BilledCost = Number.NaN),
  },
  {
    name: 'a space instead of T',
    expect: ['DateTimeFormat ChargePeriodStart'],
    mutate: (r) => (r.ChargePeriodStart = '2026-10-05 00:00:00'),
  },
  {
    name: 'a non-UTC offset',
    expect: ['DateTimeFormat ChargePeriodEnd'],
    mutate: (r) => (r.ChargePeriodEnd = '2026-10-06T02:00:00+02:00'),
  },
  {
    name: 'a date only',
    expect: ['DateTimeFormat BillingPeriodEnd'],
    mutate: (r) => (r.BillingPeriodEnd = '2026-11-01'),
  },
  {
    name: 'an impossible hour',
    expect: ['DateTimeFormat BillingPeriodStart'],
    mutate: (r) => (r.BillingPeriodStart = '2026-10-01T30:00:00Z'),
  },
  {
    name: 'a lower-case currency',
    expect: ['CurrencyFormat BillingCurrency'],
    mutate: (r) => (r.BillingCurrency = 'usd'),
  },
  {
    name: 'a non-ISO currency',
    expect: ['CurrencyFormat BillingCurrency'],
    mutate: (r) => (r.BillingCurrency = 'ABC'),
  },
  {
    name: 'a virtual BillingCurrency',
    expect: ['CurrencyFormat BillingCurrency'],
    mutate: (r) => (r.BillingCurrency = 'Credits'),
  },
  {
    name: 'a lower-case PricingCurrency',
    expect: ['CurrencyFormat PricingCurrency'],
    mutate: (r) => (r.PricingCurrency = 'eur'),
  },
  { name: 'Tags not JSON', expect: ['KeyValueFormat Tags'], mutate: (r) => (r.Tags = 'team=search') },
  {
    name: 'a nested Tags value',
    expect: ['KeyValueFormat Tags'],
    mutate: (r) => (r.Tags = '{"team":{"name":"search"}}'),
  },
  {
    name: 'a repeated Tags key',
    expect: ['KeyValueFormat Tags'],
    mutate: (r) => (r.Tags = '{"team":"a","team":"b"}'),
  },
  { name: 'a JSON array as Tags', expect: ['KeyValueFormat Tags'], mutate: (r) => (r.Tags = ['team']) },
  {
    name: 'a SkuPriceDetails key without x_',
    expect: ['SkuPriceDetailsProperties SkuPriceDetails'],
    mutate: (r) => (r.SkuPriceDetails = '{"ModelFamily":"gpt-4o"}'),
  },
  {
    name: 'a FOCUS SkuPriceDetails key of the wrong type',
    expect: ['SkuPriceDetailsProperties SkuPriceDetails'],
    mutate: (r) => (r.SkuPriceDetails = { GpuCount: '8' }),
  },
  {
    name: 'ContractApplied with a repeated element',
    expect: ['JsonObjectFormat ContractApplied'],
    mutate: (r) => (r.ContractApplied = contractApplied(CONTRACT_ELEMENT, CONTRACT_ELEMENT)),
  },
  {
    name: 'ContractApplied not JSON',
    expect: ['JsonObjectFormat ContractApplied'],
    mutate: (r) => (r.ContractApplied = '{Elements:[]}'),
  },
  {
    name: 'ContractApplied without Elements',
    expect: ['ContractAppliedSchema ContractApplied'],
    mutate: (r) => (r.ContractApplied = { Items: [CONTRACT_ELEMENT] }),
  },
  {
    name: 'a ContractApplied element missing a key',
    expect: ['ContractAppliedSchema ContractApplied'],
    mutate: (r) => {
      const { ContractCommitmentAppliedUnit: _unit, ...element } = CONTRACT_ELEMENT;
      r.ContractApplied = contractApplied(element);
    },
  },
  {
    name: 'a ContractApplied element key without x_',
    expect: ['ContractAppliedSchema ContractApplied'],
    mutate: (r) => (r.ContractApplied = contractApplied({ ...CONTRACT_ELEMENT, Note: 'x' })),
  },
  {
    name: 'a ContractApplied element with neither cost nor quantity',
    expect: ['ContractAppliedElements ContractApplied'],
    mutate: (r) =>
      (r.ContractApplied = contractApplied({ ...CONTRACT_ELEMENT, ContractCommitmentAppliedCost: null })),
  },
  {
    name: 'a ContractApplied unit without quantity',
    expect: ['ContractAppliedElements ContractApplied'],
    mutate: (r) =>
      (r.ContractApplied = contractApplied({ ...CONTRACT_ELEMENT, ContractCommitmentAppliedUnit: 'Tokens' })),
  },
  {
    name: 'AllocatedMethodDetails without AllocatedRatio',
    expect: ['AllocatedMethodDetailsSchema AllocatedMethodDetails'],
    mutate: (r) => {
      Object.assign(r, {
        AllocatedMethodId: 'by-tokens',
        AllocatedResourceId: 'team-a',
        AllocatedResourceName: 'Team A',
      });
      r.AllocatedMethodDetails = '{"Elements":[{"UsageUnit":"Tokens","UsageQuantity":617}]}';
    },
  },
  {
    name: "PricingUnit 'tokens'",
    expect: ['UnitFormat PricingUnit SHOULD'],
    mutate: (r) => (r.PricingUnit = 'tokens'),
  },
  {
    name: "ConsumedUnit '1M Tokens'",
    expect: ['UnitFormat ConsumedUnit SHOULD'],
    mutate: (r) => (r.ConsumedUnit = '1M Tokens'),
  },
  {
    name: 'ListCost off by a tiny amount',
    expect: ['ListCostRelation ListCost'],
    mutate: (r) => (r.ListCost = '0.0030850000001'),
  },
  {
    name: 'ContractedCost rounded',
    expect: ['ContractedCostRelation ContractedCost'],
    mutate: (r) => (r.ContractedCost = '0.0031'),
  },
  {
    name: 'a negative unit price',
    expect: ['UnitPriceNonNegative ListUnitPrice'],
    mutate: (r) => Object.assign(r, { ListUnitPrice: '-0.0000025', ListCost: '-0.003085' }),
  },
  {
    name: 'a usage row without ListUnitPrice',
    expect: ['UnitPriceNullability ListUnitPrice'],
    mutate: (r) => (r.ListUnitPrice = null),
  },
  {
    name: 'a usage row without PricingQuantity',
    expect: ['PricingQuantityNullability PricingQuantity'],
    mutate: (r) => Object.assign(r, { PricingQuantity: null, PricingUnit: null }),
  },
  {
    name: 'PricingUnit without PricingQuantity',
    expect: ['PricingUnitPairing PricingUnit'],
    mutate: (r) => (r.PricingUnit = null),
  },
  {
    name: 'a usage row without ConsumedQuantity',
    expect: ['ConsumedQuantityNullability ConsumedQuantity'],
    mutate: (r) => Object.assign(r, { ConsumedQuantity: null, ConsumedUnit: null }),
  },
  {
    name: 'ConsumedUnit missing',
    expect: ['ConsumedUnitPairing ConsumedUnit'],
    mutate: (r) => (r.ConsumedUnit = null),
  },
  {
    name: 'a usage row without SkuId',
    expect: ['SkuNullability SkuId', 'SkuNullability SkuMeter'],
    mutate: (r) => (r.SkuId = null),
  },
  {
    name: 'SkuMeter missing',
    expect: ['SkuNullability SkuMeter SHOULD'],
    mutate: (r) => (r.SkuMeter = null),
  },
  {
    name: 'a Tax row with SKU, price and quantity',
    expect: [
      'PricingCategoryRules PricingCategory',
      'PricingQuantityNullability PricingQuantity',
      'SkuNullability SkuId',
      'SkuNullability SkuPriceId',
      'UnitPriceNullability ContractedUnitPrice',
      'UnitPriceNullability ListUnitPrice',
      'UnitPriceNullability PricingCurrencyContractedUnitPrice',
      'UnitPriceNullability PricingCurrencyListUnitPrice',
      'ConsumedQuantityNullability ConsumedQuantity',
    ],
    mutate: (r) => (r.ChargeCategory = 'Tax'),
  },
  {
    name: 'one SkuPriceId under two SkuIds',
    expect: ['SkuPriceIdParent SkuId'],
    rows: () => [genaiRow(), { ...genaiRow(), SkuId: 'gpt-4o-output' }],
  },
  {
    name: "'Committed' without a commitment discount",
    expect: ['PricingCategoryRules PricingCategory'],
    mutate: (r) => (r.PricingCategory = 'Committed'),
  },
  {
    name: 'a commitment-covered usage row not Committed',
    expect: ['PricingCategoryRules PricingCategory'],
    mutate: (r) =>
      Object.assign(r, {
        CommitmentDiscountId: 'cd-1',
        CommitmentDiscountCategory: 'Spend',
        CommitmentDiscountType: 'Provisioned Throughput',
        CommitmentDiscountName: 'PTU',
        CommitmentDiscountStatus: 'Used',
        CommitmentDiscountQuantity: '0.003085',
        CommitmentDiscountUnit: 'USD',
      }),
  },
  {
    name: 'a commitment name without id',
    expect: ['CommitmentDiscountDimensions CommitmentDiscountName'],
    mutate: (r) => (r.CommitmentDiscountName = 'PTU'),
  },
  {
    name: 'a commitment id without status on usage',
    expect: ['CommitmentDiscountDimensions CommitmentDiscountStatus'],
    mutate: (r) =>
      Object.assign(r, {
        CommitmentDiscountId: 'cd-1',
        CommitmentDiscountCategory: 'Usage',
        CommitmentDiscountType: 'Reservation',
        CommitmentDiscountName: 'PTU',
        CommitmentDiscountQuantity: '1234',
        CommitmentDiscountUnit: 'Tokens',
        PricingCategory: 'Standard',
      }),
  },
  {
    name: 'a commitment quantity without commitment',
    expect: ['CommitmentDiscountQuantityNullability CommitmentDiscountQuantity'],
    mutate: (r) => Object.assign(r, { CommitmentDiscountQuantity: '1', CommitmentDiscountUnit: 'Tokens' }),
  },
  {
    name: 'a commitment unit without quantity',
    expect: ['CommitmentDiscountUnitPairing CommitmentDiscountUnit'],
    mutate: (r) => (r.CommitmentDiscountUnit = 'Tokens'),
  },
  {
    name: 'two units for one commitment',
    expect: ['CommitmentDiscountUnitPairing CommitmentDiscountUnit'],
    rows: () => {
      const commitment = (unit: string): Row => ({
        ...genaiRow(),
        CommitmentDiscountId: 'cd-1',
        CommitmentDiscountCategory: 'Usage',
        CommitmentDiscountType: 'Reservation',
        CommitmentDiscountName: 'PTU',
        CommitmentDiscountStatus: 'Used',
        CommitmentDiscountQuantity: '1234',
        CommitmentDiscountUnit: unit,
        PricingCategory: 'Committed',
      });
      return [commitment('Tokens'), commitment('1000 Tokens')];
    },
  },
  {
    name: 'a capacity reservation status without id',
    expect: ['CapacityReservationDimensions CapacityReservationStatus'],
    mutate: (r) => (r.CapacityReservationStatus = 'Used'),
  },
  {
    name: 'a sub account without name',
    expect: ['IdNamePairs SubAccountName'],
    mutate: (r) => (r.SubAccountName = null),
  },
  {
    name: 'a resource name without resource id',
    expect: ['IdNamePairs ResourceName', 'IdNamePairs ResourceType'],
    mutate: (r) => (r.ResourceId = null),
  },
  {
    name: 'an allocated resource without allocation method',
    expect: ['AllocationDimensions AllocatedResourceId'],
    mutate: (r) => Object.assign(r, { AllocatedResourceId: 'team-a', AllocatedResourceName: 'Team A' }),
  },
  {
    name: 'a usage-based purchase',
    expect: ['ChargeFrequencyPurchase ChargeFrequency'],
    mutate: (r) =>
      Object.assign(r, { ChargeCategory: 'Purchase', ConsumedQuantity: null, ConsumedUnit: null }),
  },
  {
    name: 'a commitment purchase with EffectiveCost',
    expect: ['EffectiveCostPurchase EffectiveCost'],
    mutate: (r) =>
      Object.assign(r, {
        ChargeCategory: 'Purchase',
        ChargeFrequency: 'One-Time',
        ResourceId: 'cd-1',
        ResourceName: 'PTU',
        CommitmentDiscountId: 'cd-1',
        CommitmentDiscountCategory: 'Spend',
        CommitmentDiscountType: 'Provisioned Throughput',
        CommitmentDiscountName: 'PTU',
        CommitmentDiscountQuantity: '0.003085',
        CommitmentDiscountUnit: 'USD',
        ConsumedQuantity: null,
        ConsumedUnit: null,
        PricingCurrencyEffectiveCost: '0',
      }),
  },
  {
    name: 'one ServiceName in two categories',
    expect: ['ServiceNameCategory ServiceCategory', 'ServiceNameCategory ServiceSubcategory SHOULD'],
    rows: () => [
      genaiRow(),
      { ...genaiRow(), ServiceCategory: 'Other', ServiceSubcategory: 'Other (Other)', SkuPriceId: 'p-2' },
    ],
  },
  {
    name: 'an empty charge period',
    expect: ['PeriodOrder ChargePeriodEnd'],
    mutate: (r) => (r.ChargePeriodEnd = r.ChargePeriodStart),
  },
  {
    name: 'a billing period ending before it starts',
    expect: ['PeriodOrder BillingPeriodEnd'],
    mutate: (r) => (r.BillingPeriodEnd = '2026-09-01T00:00:00Z'),
  },
];

describe('checkFocusRows', () => {
  it('accepts a conformant GenAI usage row', () => {
    expect(checkFocusRows([genaiRow()])).toEqual([]);
    expect(() => assertFocusConformant([genaiRow()])).not.toThrow();
  });

  it('accepts block pricing per 1000 Tokens', () => {
    const row: Row = {
      ...genaiRow(),
      PricingUnit: '1000 Tokens',
      PricingQuantity: '1.234',
      ListUnitPrice: '0.0025',
      ContractedUnitPrice: '0.0025',
      PricingCurrencyListUnitPrice: '0.0025',
      PricingCurrencyContractedUnitPrice: '0.0025',
    };
    expect(checkFocusRows([row])).toEqual([]);
  });

  it('accepts the row with the column list of cost_data_standard_1_3', () => {
    const columns = costDataStandard13.columns.map((c) => c.name);
    expect(checkFocusRows([genaiRow()], { columns })).toEqual([]);
  });

  it('accepts numbers, Date objects and parsed JSON as the warehouse may return them', () => {
    const row: Row = {
      ...genaiRow(),
      BilledCost: 0.003085,
      ListCost: 0.003085,
      ListUnitPrice: 0.0000025,
      PricingQuantity: 1234,
      ConsumedQuantity: 1234n,
      ChargePeriodStart: new Date('2026-10-05T00:00:00Z'),
      BillingPeriodStart: '2026-10-01T00:00:00Z',
      Tags: { team: 'search', billable: true, weight: 2, owner: null },
      ContractApplied: { Elements: [CONTRACT_ELEMENT] },
      AllocatedMethodId: 'by-tokens',
      AllocatedResourceId: 'team-a',
      AllocatedResourceName: 'Team A',
      AllocatedTags: '{"team":"a"}',
      AllocatedMethodDetails: {
        Elements: [{ AllocatedRatio: '0.5', UsageUnit: 'Tokens', UsageQuantity: 617 }],
      },
    };
    expect(checkFocusRows([row])).toEqual([]);
  });

  it('compares cost = unit price × quantity exactly with decimals', () => {
    const row: Row = {
      ...genaiRow(),
      ListUnitPrice: '0.000000123456789012345678901',
      PricingQuantity: '987654321.123',
      ListCost: '121.932631140013717160769699725823',
      ContractedUnitPrice: '0.000000123456789012345678901',
      ContractedCost: '121.932631140013717160769699725823',
    };
    expect(checkFocusRows([row])).toEqual([]);
    expect(findings(checkFocusRows([{ ...row, ListCost: '121.93263114001371716076969972582' }]))).toEqual([
      'ListCostRelation ListCost MUST',
    ]);
  });

  it('costScale: a cost stored rounded to that scale matches the product, and nothing else does', () => {
    // 0.000000123456789012345678901 × 3 needs 27 decimals; stored at 18 (half away from zero): …037.
    const exact = '0.000000370370367037037036703';
    const row: Row = {
      ...genaiRow(),
      ListUnitPrice: '0.000000123456789012345678901',
      ContractedUnitPrice: '0.000000123456789012345678901',
      PricingQuantity: '3',
      ListCost: '0.000000370370367037',
      ContractedCost: '0.000000370370367037',
    };
    expect(findings(checkFocusRows([row]))).toEqual([
      'ContractedCostRelation ContractedCost MUST',
      'ListCostRelation ListCost MUST',
    ]);
    expect(checkFocusRows([row], { costScale: 18 })).toEqual([]);
    // costScale says how the costs were stored: a cost wider than that scale cannot have been, and fails.
    expect(
      findings(checkFocusRows([{ ...row, ListCost: exact, ContractedCost: exact }], { costScale: 18 })),
    ).toEqual(['ContractedCostRelation ContractedCost MUST', 'ListCostRelation ListCost MUST']);
    // Truncated instead of rounded, or rounded to another scale: still a finding, and it says why.
    const truncated = checkFocusRows([{ ...row, ListCost: '0.000000370370367036' }], { costScale: 18 });
    expect(truncated).toEqual([
      expect.objectContaining({
        rule: 'ListCostRelation',
        message:
          'ListCost 3.70370367036e-7 ≠ ListUnitPrice × PricingQuantity = 3.70370367037037036703e-7 ' +
          '(rounded to 18 decimals: 3.70370367037e-7)',
      }),
    ]);
    expect(findings(checkFocusRows([row], { costScale: 17 }))).toHaveLength(2);
    // Negative products round away from zero too (a Correction's negative quantity).
    const negative = { ...row, PricingQuantity: '-3', ListCost: '-0.000000370370367037' };
    expect(checkFocusRows([{ ...negative, ContractedCost: negative.ListCost }], { costScale: 18 })).toEqual(
      [],
    );
    expect(() => checkFocusRows([row], { costScale: -1 })).toThrow(/costScale/);
    expect(() => checkFocusRows([row], { costScale: 1.5 })).toThrow(/costScale/);
  });

  it('costTolerance: a derived price within the tolerance of a source-rounded cost passes, beyond it fails', () => {
    // GCP rounds cost to 1e-6: 12837 bytes of egress = 0.000011955 GiB cost '0.000002'; the price derived from
    // it at 18 decimals, times the quantity, is within half a micro-unit of that cost.
    const row: Row = {
      ...genaiRow(),
      PricingUnit: 'GiB',
      PricingQuantity: '0.000011955',
      ListUnitPrice: '0.167294019238812212',
      ContractedUnitPrice: '0.167294019238812212',
      ListCost: '0.000002',
      ContractedCost: '0.000002',
    };
    expect(findings(checkFocusRows([row]))).toEqual([
      'ContractedCostRelation ContractedCost MUST',
      'ListCostRelation ListCost MUST',
    ]);
    const tolerance = { costTolerance: '0.0000005' };
    expect(checkFocusRows([row], tolerance)).toEqual([]);
    // A price off by more than the tolerance allows: 0.2 × 0.000011955 = 0.000002391, 0.000000391 away: passes;
    // 0.25 × 0.000011955 = 0.00000298875, 0.00000098875 away: fails, naming the tolerance.
    expect(checkFocusRows([{ ...row, ListUnitPrice: '0.2' }], tolerance)).toEqual([]);
    expect(checkFocusRows([{ ...row, ListUnitPrice: '0.25' }], tolerance)).toEqual([
      expect.objectContaining({
        rule: 'ListCostRelation',
        row: 0,
        message: 'ListCost 0.000002 ≠ ListUnitPrice × PricingQuantity = 0.00000298875 (tolerance 5e-7)',
      }),
    ]);
    // Scale and tolerance together: the product is rounded first, then compared within the tolerance
    // (0.26 × 0.000011955 = 0.0000031083 is 0.0000011083 away, rounded to 6 decimals 0.000001).
    const wide = { ...row, ListUnitPrice: '0.26' };
    expect(findings(checkFocusRows([wide], { costTolerance: '0.000001' }))).toEqual([
      'ListCostRelation ListCost MUST',
    ]);
    expect(checkFocusRows([wide], { costScale: 6, costTolerance: '0.000001' })).toEqual([]);
    expect(() => checkFocusRows([row], { costTolerance: '-0.1' })).toThrow(/costTolerance/);
    expect(() => checkFocusRows([row], { costTolerance: 'half a cent' })).toThrow(/costTolerance/);
  });

  it('checks nothing without rows and columns, and presence with columns only', () => {
    expect(checkFocusRows([])).toEqual([]);
    const found = checkFocusRows([], { columns: ['BilledCost'] });
    expect(found.filter((v) => v.rule === 'ColumnPresence' && v.level === 'MUST')).toHaveLength(22);
  });

  it.each(cases)('flags $name', (c) => {
    const row = genaiRow();
    c.mutate?.(row);
    const rows = c.rows?.() ?? [row];
    const found = checkFocusRows(rows, c.options?.(row));
    const expected = c.expect.map((e) => (e.split(' ').length === 2 ? `${e} MUST` : e)).sort();
    expect(findings(found)).toEqual(expected);
    for (const v of found) {
      if (v.rule.startsWith('Column')) expect(v.row).toBeUndefined();
      else expect(v.row).toBeTypeOf('number');
    }
  });

  it('has a failing case for every rule', () => {
    const covered = new Set(cases.flatMap((c) => c.expect.map((e) => e.split(' ')[0])));
    expect(Object.keys(focusRules).filter((r) => !covered.has(r))).toEqual([]);
  });

  it('reports the row index of the offending row', () => {
    const rows = [genaiRow(), { ...genaiRow(), ChargeCategory: 'Refund' }];
    expect(checkFocusRows(rows)).toEqual([
      expect.objectContaining({ rule: 'AllowedValues', column: 'ChargeCategory', row: 1, level: 'MUST' }),
    ]);
  });

  it('drops SHOULD findings with mustOnly and named rules with ignore', () => {
    const row = { ...genaiRow(), PricingUnit: 'tokens', ConsumedUnit: 'tokens', BilledCost: '1,0' };
    expect(findings(checkFocusRows([row]))).toEqual([
      'DecimalFormat BilledCost MUST',
      'UnitFormat ConsumedUnit SHOULD',
      'UnitFormat PricingUnit SHOULD',
    ]);
    expect(findings(checkFocusRows([row], { mustOnly: true }))).toEqual(['DecimalFormat BilledCost MUST']);
    expect(checkFocusRows([row], { mustOnly: true, ignore: ['DecimalFormat'] })).toEqual([]);
  });

  it('finds duplicate JSON keys but not keys repeated inside strings or nested objects', () => {
    const ok = '{"a":"x\\"y","b":{"a":1},"c":"\\"a\\":"}';
    expect(checkFocusRows([{ ...genaiRow(), Tags: ok }])).toEqual([
      expect.objectContaining({
        rule: 'KeyValueFormat',
        message: "value of 'b' MUST NOT be an object or array",
      }),
    ]);
    const dup = '{"a" : 1, "b": "a", "a": 2}';
    expect(checkFocusRows([{ ...genaiRow(), Tags: dup }])).toEqual([
      expect.objectContaining({ rule: 'KeyValueFormat', message: "duplicate key 'a'" }),
    ]);
  });
});

describe('focusUnitProblem (UnitFormat)', () => {
  it.each([
    'Tokens',
    '1000 Tokens',
    '1000000 Tokens',
    'GB-Hours',
    'GB/Hour',
    'Requests',
    'Hours',
    'Images',
    'Characters',
    'Seconds',
    'Units',
    'GiB',
    'b',
    'Request-Tokens',
    'Units/3 Months',
    'Core-Hours/Day',
    'API Requests',
  ])('accepts %s', (u) => expect(focusUnitProblem(u)).toBeUndefined());

  it.each([
    'tokens',
    '1M Tokens',
    '1k Tokens',
    '0 Tokens',
    'Token',
    'GB Hours',
    'GBs',
    'Gigabytes',
    'hours',
    'Hrs',
    'Weeks',
    'GB/hour',
    'GB/Hours',
    'Hours-GB',
    'Lambda-GB-Seconds',
    'Units/3 Month',
    'vCPU-Hours',
  ])('rejects %s', (u) => expect(focusUnitProblem(u)).toBeTypeOf('string'));
});

describe('formats', () => {
  const decimalFindings = (v: unknown) =>
    checkFocusRows([{ ...genaiRow(), BilledCost: v, EffectiveCost: v }]).filter(
      (x) => x.rule === 'DecimalFormat',
    );

  it.each(['4', '-3', '1.234', '-100.2', '0', '35.2E-7', '35.2E7', '0.000000000000001', 12, -0.5])(
    'NumericFormat accepts %s',
    (v) => expect(decimalFindings(v)).toEqual([]),
  );
  it.each(['35.2E+7', '1 1/2', '3,432,342', '+333', '$32', '32 GiB', '.5', '5.', 'abc', true])(
    'NumericFormat rejects %s',
    (v) => expect(decimalFindings(v)).toHaveLength(2),
  );

  const timeFindings = (v: unknown) =>
    checkFocusRows([{ ...genaiRow(), ChargePeriodStart: v }]).filter((x) => x.rule === 'DateTimeFormat');
  it.each(['2026-10-05T00:00:00Z', '2026-10-05T00:00:00.000Z', '2026-10-05T00:00:00+00:00'])(
    'DateTimeFormat accepts %s',
    (v) => expect(timeFindings(v)).toEqual([]),
  );
  it.each([
    '2026-10-05 00:00:00',
    '2026-10-05T00:00:00',
    '2026-10-05T00:00Z',
    '2026-10-05T02:00:00+02:00',
    '2026-02-30T00:00:00Z',
    '2026-10-05',
    1790000000000,
  ])('DateTimeFormat rejects %s', (v) => expect(timeFindings(v)).toHaveLength(1));
});

describe('assertFocusConformant', () => {
  it('throws listing the violations, at most 20', () => {
    const rows = Array.from({ length: 25 }, () => ({ ...genaiRow(), ChargeCategory: 'usage' }));
    expect(() => assertFocusConformant(rows)).toThrow(
      /25 FOCUS 1\.3 conformance violation\(s\):\n {2}\[AllowedValues\] ChargeCategory \(row 0\): "usage" is not an allowed/,
    );
    expect(() => assertFocusConformant(rows)).toThrow(/… and 5 more$/);
  });
});

describe('column metadata', () => {
  it('covers exactly the 65 columns of focusCostAndUsageColumns, 23 of them Mandatory', () => {
    expect(Object.keys(focusColumnSpecs).sort()).toEqual(focusCostAndUsageColumns.map((c) => c.name).sort());
    expect(Object.values(focusColumnSpecs).filter((s) => s.feature === 'Mandatory')).toHaveLength(23);
    expect(Object.values(focusColumnSpecs).filter((s) => s.feature === 'Recommended')).toHaveLength(5);
  });

  it('accepts the column list of cost_data_standard_1_3 (naming and ordering)', () => {
    expect(checkFocusRows([], { columns: costDataStandard13.columns.map((c) => c.name) })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Public samples (located by shared/testing/samples.ts: CLOUDACT_SAMPLES_DIR); each suite skips when its sample is absent.

/** RFC 4180 CSV; empty fields and `nullTokens` become null. */
function readCsv(path: string, nullTokens: readonly string[] = []) {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [columns = [], ...data] = records.filter((r) => r.some((f) => f !== ''));
  const rows = data.map((r) =>
    Object.fromEntries(
      columns.map((c, k) => {
        const v = r[k] ?? '';
        return [c, v === '' || nullTokens.includes(v) ? null : v];
      }),
    ),
  );
  return { columns, rows };
}

const TOOLKIT = samplePath('focus-data-toolkit-synthetic');
const SPEC_EXAMPLES = samplePath('focus-spec-1.3-examples');
const OFFICIAL_1_0 = samplePath('focus-sample-data-official/focus_sample.csv');

describe.skipIf(!existsSync(TOOLKIT))(
  'focus-data-toolkit FOCUS 1.3 golden Cost and Usage files (synthetic)',
  () => {
    const files = existsSync(TOOLKIT)
      ? readdirSync(TOOLKIT).filter((f) => /_1_3_cost_and_usage_rows\d+_seed\d+(_credits)?\.csv$/.test(f))
      : [];

    it('are the nine AWS/Azure/GCP files', () => expect(files).toHaveLength(9));

    it.each(files)('%s passes every rule, SHOULD included', (f) => {
      const { columns, rows } = readCsv(`${TOOLKIT}/${f}`);
      expect(columns).toHaveLength(65);
      expect(checkFocusRows(rows, { columns }).map((v) => `${v.rule} ${v.column} ${v.row}`)).toEqual([]);
    });

    it('the hand-authored client_like 1.3 file has cost and Tax inconsistencies', () => {
      const { columns, rows } = readCsv(`${TOOLKIT}/client_like__consolidated_multi_provider_1_3.csv`);
      const found = checkFocusRows(rows, { columns });
      // ListCost 120.00 but ListUnitPrice 0.12 × PricingQuantity 1; the Tax row carries a PricingQuantity.
      expect(findings(found)).toEqual([
        'ContractedCostRelation ContractedCost MUST',
        'ListCostRelation ListCost MUST',
        'PricingQuantityNullability PricingQuantity MUST',
      ]);
      expect(found.find((v) => v.rule === 'PricingQuantityNullability')?.row).toBe(1);
    });
  },
);

describe.skipIf(!existsSync(SPEC_EXAMPLES))('FOCUS 1.3 appendix example rows (partial column sets)', () => {
  const files = existsSync(SPEC_EXAMPLES)
    ? readdirSync(SPEC_EXAMPLES).filter((f) => f.startsWith('commitment_discount'))
    : [];
  // Defects of the example data itself, each a MUST of the 1.3 text:
  const known: Record<string, string[]> = {
    // header typo `SkuPriceid` (all four flexibility files)
    commitment_discount_flexibility__: ['ColumnNaming SkuPriceid -'],
    // ListCost 3.00 although ListUnitPrice 3.00 × PricingQuantity 0.333 = 0.999
    with_1_resource: ['ListCostRelation ListCost 1'],
    // the Unused row carries ConsumedQuantity 1.00
    zero_percent: ['ConsumedQuantityNullability ConsumedQuantity 1'],
    // ChargePeriodEnd 2023-02-01T30:00:00Z (hour 30)
    purchase_scenario_2: ['DateTimeFormat ChargePeriodEnd 2'],
    purchase_scenario_3: ['DateTimeFormat ChargePeriodEnd 3'],
  };

  it('are the eleven commitment discount examples', () => expect(files).toHaveLength(11));

  it.each(files)('%s passes the MUST rules except its known defects', (f) => {
    const { columns, rows } = readCsv(`${SPEC_EXAMPLES}/${f}`, ['null']);
    const found = checkFocusRows(rows, { columns, mustOnly: true, ignore: ['ColumnPresence'] });
    const expected = Object.entries(known)
      .filter(([k]) => f.includes(k))
      .flatMap(([, v]) => v);
    expect(found.map((v) => `${v.rule} ${v.column} ${v.row ?? '-'}`).sort()).toEqual(expected.sort());
  });
});

describe.skipIf(!existsSync(OFFICIAL_1_0))(
  'official FOCUS-Sample-Data 1.0 (not 1.3-conformant as delivered)',
  () => {
    it('is rejected for the documented reasons', () => {
      const { columns, rows } = readCsv(OFFICIAL_1_0);
      const found = checkFocusRows(rows, { columns, mustOnly: true });
      const rules = new Set(found.map((v) => `${v.rule} ${v.column}`));
      for (const expected of [
        'ColumnPresence ServiceProviderName', // 1.3 column
        'ColumnNaming Id', // custom column without x_
        'DateTimeFormat ChargePeriodStart', // 'YYYY-MM-DD HH:MM:SS'
        'NullPlaceholder ChargeClass', // literal 'NULL'
        'AllowedValues ChargeFrequency', // Oracle 'Usage-based'
      ]) {
        expect(rules).toContain(expected);
      }
    });
  },
);
