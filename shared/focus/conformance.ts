/**
 * FOCUS 1.3 Cost and Usage conformance checker for rows of `cost_data_standard_1_3` (any flow: GenAI, cloud,
 * SaaS). Source of every rule: /work/shared/reference/focus-1.3-columns.md (FOCUS_Spec@ba7ad35, 1.3 errata in
 * §9); the README beside this file maps rule ids to spec sections and lists what is deliberately not checked.
 *
 * Input: rows as the warehouse port returns them. NUMERIC as decimal strings (JS numbers and bigints are also
 * accepted), TIMESTAMP as ISO 8601 strings in UTC ('…Z' or '…+00:00', optional fractional seconds; Date
 * objects are accepted too), JSON as a serialized string or an already-parsed object, NULL as null (a missing
 * key counts as null). `columns` is the column list of the table or result; presence and naming rules apply to
 * it, and a row rule about a column only runs when that column is in the list (a Conditional column that is
 * absent is "not supported", so e.g. "ListUnitPrice MUST be null when SkuPriceId is null" is skipped when
 * SkuPriceId is absent). Without rows and without `columns` nothing is checked.
 *
 * Levels: every violation carries `level`. 'MUST' = a MUST / MUST NOT of the spec (incl. errata). 'SHOULD' = a
 * SHOULD / RECOMMENDED: UnitFormat (the columns only SHOULD conform to it), presence of the unconditionally
 * Recommended columns, ChargeDescription not null, SkuMeter not null when SkuId is set, column ordering,
 * ServiceName → one ServiceSubcategory, AllocatedMethodDetails not null for allocated rows, JSON nesting ≤ 3.
 * `mustOnly: true` drops the SHOULD findings. `row` is the 0-based index into `rows`.
 *
 * Choices (documented, not invented):
 * - Empty and whitespace-only strings and the placeholders 'NULL' / 'N/A' / 'Not Applicable' in FOCUS columns
 *   are MUST findings (EmptyString / NullPlaceholder: NullHandling forbids empty or placeholder strings for
 *   absent values) and are then treated as null by the other rules (a not-null column also gets NotNull).
 * - A ChargeCategory outside the allowed values is reported once (AllowedValues); the rules conditioned on
 *   ChargeCategory then skip the row instead of cascading.
 * - Nullability follows the normative bullets, not the "Allows nulls" summary (PricingCurrency and
 *   PricingCurrencyEffectiveCost MUST NOT be null: errata #9/#10; HostProviderName has MAY-be-null cases that a
 *   row cannot prove, so it is not checked).
 * - PeriodOrder (Start < End) has no explicit bullet: it follows from "inclusive start bound" / "exclusive end
 *   bound" of one period. No rule that the charge period lies inside the billing period (the spec has none).
 * - EffectiveCostPurchase: "0 when the purchase is intended to cover future eligible charges" is only decidable
 *   for commitment-discount purchases (ChargeCategory Purchase, CommitmentDiscountId = ResourceId, per
 *   DiscountHandling), so only those rows are checked (EffectiveCost and PricingCurrencyEffectiveCost).
 * - PricingCategoryRules: 'Committed' requires a CommitmentDiscountId and is wrong on the purchase of the
 *   commitment itself; a Usage row carrying a CommitmentDiscountStatus is "subject to a commitment discount" and
 *   so MUST be 'Committed' (the spec's own examples use 'Committed' on Used and Unused rows).
 * - CurrencyFormat: BillingCurrency MUST be an ISO 4217 national currency (three upper-case letters, in the
 *   runtime's ICU list `Intl.supportedValuesOf('currency')` minus funds/metals/test codes). PricingCurrency may
 *   be a virtual currency (CurrencyFormat: StringHandling applies), so only 3-letter values are held to ISO 4217.
 * - ContractApplied keys: the errata casing `ContractId` / `ContractCommitmentId` and the 1.3 text's `…ID` are
 *   both accepted; each element MUST carry the five keys (errata #5). JSON decimals may be numbers or strings.
 * - Exact arithmetic: ListCost / ContractedCost are compared with decimal.js at 1000 significant digits, no
 *   tolerance by default (as the official validator); float inputs therefore fail when they are not exact. Two
 *   opt-in options describe known precision limits of a source or store instead of ignoring the rules
 *   (focus-validator.md §5: "use DECIMAL storage or a tolerance and document it"): `costScale` and
 *   `costTolerance` (see FocusCheckOptions); a failing finding names them.
 */
import { Decimal } from 'decimal.js';

export type FocusLevel = 'MUST' | 'SHOULD';

export interface FocusViolation {
  /** Rule id, one of the keys of `focusRules`. */
  rule: string;
  /** The column the finding is about (for JSON columns: the JSON column). */
  column: string;
  /** 0-based index into the checked rows; absent for column-level findings. */
  row?: number;
  message: string;
  level: FocusLevel;
}

export interface FocusCheckOptions {
  /** Column names of the table or result; default: the keys of the first row. */
  columns?: readonly string[];
  /** Report only MUST-level findings. */
  mustOnly?: boolean;
  /** Rule ids to skip. */
  ignore?: readonly string[];
  /**
   * ListCost / ContractedCost = unit price × PricingQuantity: the scale (decimals) the costs were stored at.
   * The cost then equals the product rounded half away from zero to that many decimals (both warehouses round
   * a wider decimal so when storing it), e.g. 18 for the embedded warehouse's DECIMAL(38,18). Default: the
   * exact product.
   */
  costScale?: number;
  /**
   * The same relations: the largest absolute difference (a decimal string, in the cost's currency) between the
   * cost and the (rounded) product, for a source that rounds its costs while its unit prices are exact or
   * derived: e.g. '0.0000005', half of GCP's 1e-6 rounding of cost. Default: 0.
   */
  costTolerance?: string;
}

/** Every rule id with the spec section it implements (section numbers of focus-1.3-columns.md). */
export const focusRules = {
  ColumnPresence: '§1 feature levels, §3.3: the 23 Mandatory columns (RECOMMENDED ones: SHOULD)',
  ColumnNaming: '§2 ColumnHandling: a non-FOCUS column MUST be prefixed with x_',
  ColumnOrder: '§2 ColumnHandling: custom columns SHOULD follow the FOCUS columns, not intermixed',
  DataType: '§3.4 "MUST be of type String"',
  EmptyString: '§2 NullHandling: no empty (or whitespace-only) strings for absent values',
  NullPlaceholder: '§2 NullHandling: no placeholder strings (NULL, N/A, Not Applicable) for absent values',
  NotNull: '§3.3/§3.4 unconditional MUST NOT be null (incl. errata #9/#10)',
  AllowedValues: '§3.1 allowed values (case-sensitive)',
  ServiceSubcategoryParent: '§3.4 ServiceSubcategory: exactly one parent ServiceCategory',
  DecimalFormat: '§2 NumericFormat for Decimal columns',
  DateTimeFormat: '§2 DateTimeFormat: UTC, YYYY-MM-DDTHH:mm:ssZ',
  CurrencyFormat: '§2 CurrencyFormat: ISO 4217 national currency code',
  KeyValueFormat: '§2 KeyValueFormat: Tags, AllocatedTags, SkuPriceDetails',
  SkuPriceDetailsProperties: '§3.1/§3.4 SkuPriceDetails: FOCUS-defined keys with their types, others x_',
  JsonObjectFormat: '§2 JsonObjectFormat: ContractApplied, AllocatedMethodDetails',
  ContractAppliedSchema: '§3.4 ContractApplied object schema (errata #3, #5)',
  ContractAppliedElements: '§3.4 ContractApplied element values and nullability',
  AllocatedMethodDetailsSchema: '§3.4 AllocatedMethodDetails object schema',
  UnitFormat: '§2 UnitFormat (SHOULD for PricingUnit, ConsumedUnit, CommitmentDiscountUnit)',
  ListCostRelation: '§3.2 ListCost = ListUnitPrice × PricingQuantity',
  ContractedCostRelation: '§3.2 ContractedCost = ContractedUnitPrice × PricingQuantity',
  UnitPriceNonNegative: '§3.2 unit prices are non-negative',
  UnitPriceNullability: '§3.2 unit price nullability (SkuPriceId, Tax, Usage/Purchase)',
  PricingQuantityNullability: '§3.2 PricingQuantity nullability',
  PricingUnitPairing: '§3.2 PricingUnit null ⇔ PricingQuantity null',
  ConsumedQuantityNullability: '§3.2 ConsumedQuantity nullability',
  ConsumedUnitPairing: '§3.2 ConsumedUnit null ⇔ ConsumedQuantity null',
  SkuNullability: '§3.2 SkuId / SkuPriceId / SkuMeter / SkuPriceDetails nullability',
  SkuPriceIdParent: '§3.4 SkuPriceId has one and only one parent SkuId',
  PricingCategoryRules: '§3.1/§3.4 PricingCategory nullability and Committed',
  CommitmentDiscountDimensions: '§3.2 CommitmentDiscountCategory/Name/Type/Status vs CommitmentDiscountId',
  CommitmentDiscountQuantityNullability: '§3.2 CommitmentDiscountQuantity nullability',
  CommitmentDiscountUnitPairing: '§3.2 CommitmentDiscountUnit null ⇔ quantity null; constant per id',
  CapacityReservationDimensions: '§3.1 CapacityReservationStatus vs CapacityReservationId',
  IdNamePairs: '§3.2 name/type columns null ⇔ their id is null',
  AllocationDimensions: '§3.4 Allocated* null when AllocatedMethodId is null',
  ChargeFrequencyPurchase: '§3.1 ChargeFrequency not Usage-Based for Purchase',
  EffectiveCostPurchase: '§3.2 EffectiveCost 0 for commitment purchases',
  ServiceNameCategory: '§3.4 ServiceName → one ServiceCategory (one ServiceSubcategory: SHOULD)',
  PeriodOrder: '§3.2 periods: inclusive start before exclusive end',
} as const;

export type FocusRuleId = keyof typeof focusRules;

// ---------------------------------------------------------------------------------------------------------
// Column metadata (§3.3, bullets of §3.4, errata §9)

type DataType = 'String' | 'Decimal' | 'DateTime' | 'JSON';
type Feature = 'Mandatory' | 'Conditional' | 'Recommended';
interface ColumnSpec {
  type: DataType;
  feature: Feature;
  /** Unconditional MUST NOT be null (only checked when the column is present). */
  notNull?: boolean;
}

const S = 'String',
  N = 'Decimal',
  T = 'DateTime',
  J = 'JSON';
const M = 'Mandatory',
  C = 'Conditional',
  R = 'Recommended';

/** The 65 FOCUS 1.3 Cost and Usage columns. */
export const focusColumnSpecs: Readonly<Record<string, ColumnSpec>> = {
  AllocatedMethodDetails: { type: J, feature: R },
  AllocatedMethodId: { type: S, feature: C },
  AllocatedResourceId: { type: S, feature: C },
  AllocatedResourceName: { type: S, feature: C },
  AllocatedTags: { type: J, feature: C },
  AvailabilityZone: { type: S, feature: R },
  BilledCost: { type: N, feature: M, notNull: true },
  BillingAccountId: { type: S, feature: M, notNull: true },
  BillingAccountName: { type: S, feature: M },
  BillingAccountType: { type: S, feature: C },
  BillingCurrency: { type: S, feature: M, notNull: true },
  BillingPeriodEnd: { type: T, feature: M, notNull: true },
  BillingPeriodStart: { type: T, feature: M, notNull: true },
  CapacityReservationId: { type: S, feature: C },
  CapacityReservationStatus: { type: S, feature: C },
  ChargeCategory: { type: S, feature: M, notNull: true },
  ChargeClass: { type: S, feature: M },
  ChargeDescription: { type: S, feature: M },
  ChargeFrequency: { type: S, feature: R, notNull: true },
  ChargePeriodEnd: { type: T, feature: M, notNull: true },
  ChargePeriodStart: { type: T, feature: M, notNull: true },
  CommitmentDiscountCategory: { type: S, feature: C },
  CommitmentDiscountId: { type: S, feature: C },
  CommitmentDiscountName: { type: S, feature: C },
  CommitmentDiscountQuantity: { type: N, feature: C },
  CommitmentDiscountStatus: { type: S, feature: C },
  CommitmentDiscountType: { type: S, feature: C },
  CommitmentDiscountUnit: { type: S, feature: C },
  ConsumedQuantity: { type: N, feature: C },
  ConsumedUnit: { type: S, feature: C },
  ContractApplied: { type: J, feature: C },
  ContractedCost: { type: N, feature: M, notNull: true },
  ContractedUnitPrice: { type: N, feature: C },
  EffectiveCost: { type: N, feature: M, notNull: true },
  HostProviderName: { type: S, feature: M },
  InvoiceId: { type: S, feature: R },
  InvoiceIssuerName: { type: S, feature: M, notNull: true },
  ListCost: { type: N, feature: M, notNull: true },
  ListUnitPrice: { type: N, feature: C },
  PricingCategory: { type: S, feature: C },
  PricingCurrency: { type: S, feature: C, notNull: true },
  PricingCurrencyContractedUnitPrice: { type: N, feature: C },
  PricingCurrencyEffectiveCost: { type: N, feature: C, notNull: true },
  PricingCurrencyListUnitPrice: { type: N, feature: C },
  PricingQuantity: { type: N, feature: M },
  PricingUnit: { type: S, feature: M },
  ProviderName: { type: S, feature: M, notNull: true },
  PublisherName: { type: S, feature: M, notNull: true },
  RegionId: { type: S, feature: C },
  RegionName: { type: S, feature: C },
  ResourceId: { type: S, feature: C },
  ResourceName: { type: S, feature: C },
  ResourceType: { type: S, feature: C },
  ServiceCategory: { type: S, feature: M, notNull: true },
  ServiceName: { type: S, feature: M, notNull: true },
  ServiceProviderName: { type: S, feature: M, notNull: true },
  ServiceSubcategory: { type: S, feature: R, notNull: true },
  SkuId: { type: S, feature: C },
  SkuMeter: { type: S, feature: C },
  SkuPriceDetails: { type: J, feature: C },
  SkuPriceId: { type: S, feature: C },
  SubAccountId: { type: S, feature: C },
  SubAccountName: { type: S, feature: C },
  SubAccountType: { type: S, feature: C },
  Tags: { type: J, feature: C },
};

const FOCUS_COLUMNS = Object.keys(focusColumnSpecs);
const FOCUS_COLUMN_SET = new Set(FOCUS_COLUMNS);
const FOCUS_COLUMNS_LOWER = new Map(FOCUS_COLUMNS.map((c) => [c.toLowerCase(), c]));
/** Recommended without condition (AvailabilityZone and AllocatedMethodDetails depend on provider support). */
const RECOMMENDED_ALWAYS = ['ChargeFrequency', 'InvoiceId', 'ServiceSubcategory'];
/** SHOULD NOT be null (not MUST). */
const SHOULD_NOT_NULL = ['ChargeDescription'];

// ---------------------------------------------------------------------------------------------------------
// Allowed values (§3.1)

const SERVICE_SUBCATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'AI and Machine Learning': [
    'AI Platforms',
    'Bots',
    'Generative AI',
    'Machine Learning',
    'Natural Language Processing',
  ],
  Analytics: [
    'Analytics Platforms',
    'Business Intelligence',
    'Data Processing',
    'Search',
    'Streaming Analytics',
  ],
  'Business Applications': ['Productivity and Collaboration'],
  Compute: ['Containers', 'End User Computing', 'Quantum Compute', 'Serverless Compute', 'Virtual Machines'],
  Databases: [
    'Caching',
    'Data Warehouses',
    'Ledger Databases',
    'NoSQL Databases',
    'Relational Databases',
    'Time Series Databases',
  ],
  'Developer Tools': [
    'Developer Platforms',
    'Continuous Integration and Deployment',
    'Development Environments',
    'Source Code Management',
    'Quality Assurance',
  ],
  Multicloud: ['Multicloud Integration'],
  Identity: ['Identity and Access Management'],
  Integration: ['API Management', 'Messaging', 'Workflow Orchestration'],
  'Internet of Things': ['IoT Analytics', 'IoT Platforms'],
  'Management and Governance': [
    'Architecture',
    'Compliance',
    'Cost Management',
    'Data Governance',
    'Disaster Recovery',
    'Endpoint Management',
    'Observability',
    'Support',
  ],
  Media: ['Content Creation', 'Gaming', 'Media Streaming', 'Mixed Reality'],
  Migration: ['Data Migration', 'Resource Migration'],
  Mobile: [],
  Networking: [
    'Application Networking',
    'Content Delivery',
    'Network Connectivity',
    'Network Infrastructure',
    'Network Routing',
    'Network Security',
  ],
  Security: ['Secret Management', 'Security Posture Management', 'Threat Detection and Response'],
  Storage: ['Backup Storage', 'Block Storage', 'File Storage', 'Object Storage', 'Storage Platforms'],
  Web: ['Application Platforms'],
  Other: [],
};

/** ServiceSubcategory → its one parent ServiceCategory (each category also has `Other (<Category>)`). */
const SUBCATEGORY_PARENT = new Map<string, string>(
  Object.entries(SERVICE_SUBCATEGORIES).flatMap(([cat, subs]) => [
    ...subs.map((s) => [s, cat] as [string, string]),
    [`Other (${cat})`, cat] as [string, string],
  ]),
);

export const focusAllowedValues: Readonly<Record<string, readonly string[]>> = {
  ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  ChargeClass: ['Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  PricingCategory: ['Standard', 'Dynamic', 'Committed', 'Other'],
  CommitmentDiscountStatus: ['Used', 'Unused'],
  CommitmentDiscountCategory: ['Spend', 'Usage'],
  CapacityReservationStatus: ['Used', 'Unused'],
  ServiceCategory: Object.keys(SERVICE_SUBCATEGORIES),
  ServiceSubcategory: [...SUBCATEGORY_PARENT.keys()],
};
const ALLOWED_SETS = new Map(Object.entries(focusAllowedValues).map(([k, v]) => [k, new Set(v)]));

// ---------------------------------------------------------------------------------------------------------
// Formats (§2)

const HighPrecision = Decimal.clone({ precision: 1000 });
type Dec = InstanceType<typeof HighPrecision>;

/** NumericFormat: integer, decimal or mEn; no '+', no exponent '+', no separators, symbols or units. */
const NUMERIC_RE = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;

function toDecimal(v: unknown): Dec | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? new HighPrecision(v) : undefined;
  if (typeof v === 'bigint') return new HighPrecision(v.toString());
  if (typeof v === 'string') return NUMERIC_RE.test(v) ? new HighPrecision(v) : undefined;
  if (Decimal.isDecimal(v)) return new HighPrecision((v as Decimal).toString());
  return undefined;
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|\+00:00)$/;

/** Epoch ms of a UTC ISO 8601 moment ('…Z' or '…+00:00'), or undefined. */
function toUtcMillis(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v !== 'string') return undefined;
  const m = TIMESTAMP_RE.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return same ? ms + Number(m[7] ?? 0) * 1000 : undefined;
}

/** ISO 4217 codes that are not national currencies (funds, metals, SDR, test and "no currency" codes). */
const NON_NATIONAL = new Set('XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '));
const ISO_4217: ReadonlySet<string> | undefined = (() => {
  try {
    const codes = Intl.supportedValuesOf('currency');
    return new Set(codes.filter((c) => !NON_NATIONAL.has(c)));
  } catch {
    return undefined;
  }
})();

function nationalCurrencyProblem(v: string): string | undefined {
  if (!/^[A-Z]{3}$/.test(v)) return `'${v}' is not a three-letter upper-case ISO 4217 code`;
  if (ISO_4217 && !ISO_4217.has(v)) return `'${v}' is not an ISO 4217 national currency code`;
  return undefined;
}

// UnitFormat (§2): data-size abbreviations and time units are closed lists, count units capitalized nouns.
const DATA_SIZE_UNITS = new Set(
  'b Kb Mb Gb Tb Pb Eb Kib Mib Gib Tib Pib Eib B KB MB GB TB PB EB KiB MiB GiB TiB PiB EiB'.split(' '),
);
const TIME_SINGULAR = ['Year', 'Month', 'Day', 'Hour', 'Minute', 'Second', 'Millisecond', 'Microsecond'];
const COUNT_SINGULAR = ['Count', 'Unit', 'Request', 'Token', 'Connection', 'Certificate', 'Domain', 'Core'];
/** Known base units: exact spelling → plural? (time units and the recommended count units). */
const KNOWN_UNITS = new Map<string, { plural: boolean; time: boolean }>(
  [...TIME_SINGULAR, ...COUNT_SINGULAR].flatMap((u) => {
    const time = TIME_SINGULAR.includes(u);
    return [
      [u, { plural: false, time }],
      [`${u}s`, { plural: true, time }],
    ] as [string, { plural: boolean; time: boolean }][];
  }),
);
const KNOWN_UNITS_LOWER = new Map([...KNOWN_UNITS.keys()].map((u) => [u.toLowerCase(), u]));
const TIME_ABBREVIATIONS = /^(h|hr|hrs|hour\(s\)|min|mins|s|sec|secs|ms|d|yr|yrs|mo|mos|wk|wks|week|weeks)$/i;
const SPELLED_DATA_SIZE =
  /^((kilo|mega|giga|tera|peta|exa|kibi|mebi|gibi|tebi|pebi|exbi)?(bit|byte)s?|[kmgtpe]i?bs)$/i;
const NOUN_RE = /^[A-Z][A-Za-z0-9]*( [A-Z][A-Za-z0-9]*)*$/;

interface BaseUnit {
  plural?: boolean;
}

function baseUnit(word: string): BaseUnit | string {
  if (DATA_SIZE_UNITS.has(word)) return {};
  const known = KNOWN_UNITS.get(word);
  if (known) return { plural: known.plural };
  const cased = KNOWN_UNITS_LOWER.get(word.toLowerCase());
  if (cased) return `'${word}' must be spelled '${cased}'`;
  if (SPELLED_DATA_SIZE.test(word)) return `'${word}' must be a data size abbreviation (e.g. GB, MiB)`;
  if (TIME_ABBREVIATIONS.test(word)) {
    return `'${word}' is not an allowed time unit (${TIME_SINGULAR.join(', ')})`;
  }
  if (!NOUN_RE.test(word)) return `'${word}' is not a capitalized noun`;
  const words = word.split(' ');
  if (words.length > 1 && words.some((w) => w === 'Per' || isSizeOrTimeUnit(w))) {
    return `'${word}' joins units with a space; use "-" (compound) or "/" (ratio)`;
  }
  return {};
}

/** A data size or time unit inside a multi-word name ("GB Hours") means units joined by a space. */
function isSizeOrTimeUnit(w: string): boolean {
  return DATA_SIZE_UNITS.has(w) || SPELLED_DATA_SIZE.test(w) || KNOWN_UNITS.get(w)?.time === true;
}

/** Why `unit` does not follow the UnitFormat attribute, or undefined when it does. */
export function focusUnitProblem(unit: string): string | undefined {
  let rest = unit;
  const q = /^(\d+) (.+)$/.exec(rest);
  if (q) {
    if (!/^[1-9]\d*$/.test(q[1]!)) return `unit quantity '${q[1]}' must be a positive integer`;
    rest = q[2]!;
  }
  const ratio = rest.split('/');
  if (ratio.length > 2) return 'a ratio unit has one "/"';
  const [numerator, denominator] = ratio as [string, string | undefined];
  const parts = numerator.split('-');
  if (parts.length > 2) return 'a compound unit joins two base units with one "-"';
  const bases: BaseUnit[] = [];
  for (const p of parts) {
    const b = baseUnit(p);
    if (typeof b === 'string') return b;
    bases.push(b);
  }
  if (parts.length === 1 && bases[0]!.plural === false) return `'${parts[0]}' should be plural`;
  if (parts.length === 2) {
    if (bases[0]!.plural === true) return `'${parts[0]}' should be singular in a compound unit`;
    if (bases[1]!.plural === false) return `'${parts[1]}' should be plural in a compound unit`;
  }
  if (denominator !== undefined) {
    const dq = /^(\d+) (.+)$/.exec(denominator);
    const word = dq ? dq[2]! : denominator;
    if (word.includes('-')) return 'a ratio denominator is a single base unit';
    if (dq && !/^[1-9]\d*$/.test(dq[1]!)) return `denominator quantity '${dq[1]}' must be a positive integer`;
    const b = baseUnit(word);
    if (typeof b === 'string') return b;
    if (dq && b.plural === false) return `'${word}' should be plural after a denominator quantity`;
    if (!dq && b.plural === true) return `'${word}' should be singular in a ratio unit`;
  }
  return undefined;
}

// JSON (§2 KeyValueFormat / JsonObjectFormat)

type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';
function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' || t === 'string' || t === 'number' || t === 'boolean' ? t : 'other';
}

/** Keys repeated within one object of a valid JSON text (JSON.parse silently keeps the last one). */
function duplicateKeys(text: string): string[] {
  const stack: (Set<string> | null)[] = [];
  const dupes: string[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j + 1;
      let k = i;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      const top = stack[stack.length - 1];
      if (text[k] === ':' && top) {
        const key = JSON.parse(raw) as string;
        if (top.has(key)) dupes.push(key);
        else top.add(key);
      }
      continue;
    }
    if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    i++;
  }
  return dupes;
}

/** A JSON column value as an object, or the reason it is not a serialized JSON object. */
function jsonObject(v: unknown): { value: Record<string, unknown>; dupes: string[] } | string {
  let value: unknown = v;
  let dupes: string[] = [];
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return 'is not valid JSON';
    }
    dupes = duplicateKeys(v);
  }
  if (kindOf(value) !== 'object') return `must be a JSON object, got ${kindOf(value)}`;
  return { value: value as Record<string, unknown>, dupes };
}

const isScalar = (v: unknown) => ['null', 'string', 'number', 'boolean'].includes(kindOf(v));
const isJsonDecimal = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMERIC_RE.test(v));

/** A cell value for messages (JSON.stringify throws on bigint). */
function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

const SKU_PRICE_DETAIL_KEYS: Readonly<Record<string, 'number' | 'string'>> = {
  CoreCount: 'number',
  DiskMaxIops: 'number',
  DiskSpace: 'number',
  DiskType: 'string',
  GpuCount: 'number',
  InstanceType: 'string',
  InstanceSeries: 'string',
  MemorySize: 'number',
  NetworkMaxIops: 'number',
  NetworkMaxThroughput: 'number',
  OperatingSystem: 'string',
  Redundancy: 'string',
  StorageClass: 'string',
};
const CONTRACT_APPLIED_KEYS = new Set([
  'ContractId',
  'ContractID',
  'ContractCommitmentId',
  'ContractCommitmentID',
  'ContractCommitmentAppliedCost',
  'ContractCommitmentAppliedQuantity',
  'ContractCommitmentAppliedUnit',
]);
const ALLOCATED_METHOD_KEYS = new Set(['AllocatedRatio', 'UsageUnit', 'UsageQuantity']);

const PLACEHOLDER_RE = /^(null|n\/a|not applicable)$/i;
const UNIT_PRICES = [
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingCurrencyListUnitPrice',
  'PricingCurrencyContractedUnitPrice',
];
const ID_NAME_PAIRS: readonly (readonly [string, string])[] = [
  ['BillingAccountType', 'BillingAccountId'],
  ['SubAccountName', 'SubAccountId'],
  ['SubAccountType', 'SubAccountId'],
  ['RegionName', 'RegionId'],
  ['ResourceType', 'ResourceId'],
  ['AllocatedResourceName', 'AllocatedResourceId'],
];

// ---------------------------------------------------------------------------------------------------------
// The checker

/** Why a cost does not match its unit price × quantity (the product, as the options see it), or undefined. */
type CostRelation = (cost: Dec, product: Dec) => string | undefined;

function costRelation({ costScale, costTolerance }: FocusCheckOptions): CostRelation {
  if (costScale !== undefined && (!Number.isInteger(costScale) || costScale < 0)) {
    throw new RangeError(`costScale must be a non-negative integer, got ${costScale}`);
  }
  const tolerance = costTolerance === undefined ? undefined : toDecimal(costTolerance);
  if (costTolerance !== undefined && (!tolerance || tolerance.isNegative())) {
    throw new RangeError(`costTolerance must be a non-negative decimal string, got ${show(costTolerance)}`);
  }
  return (cost, product) => {
    const expected =
      costScale === undefined ? product : product.toDecimalPlaces(costScale, HighPrecision.ROUND_HALF_UP);
    if (tolerance ? cost.minus(expected).abs().lte(tolerance) : cost.equals(expected)) return undefined;
    const notes = [
      ...(costScale === undefined ? [] : [`rounded to ${costScale} decimals: ${expected.toString()}`]),
      ...(tolerance ? [`tolerance ${tolerance.toString()}`] : []),
    ];
    return `${product.toString()}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };
}

type Emit = (rule: FocusRuleId, column: string, message: string, level?: FocusLevel) => void;

/** A row after NullHandling: '' / placeholders → null; absent columns → undefined. */
type Norm = Record<string, unknown>;

/** Checks rows of a FOCUS 1.3 Cost and Usage table; returns every finding (empty = conformant). */
export function checkFocusRows(
  rows: readonly Record<string, unknown>[],
  options: FocusCheckOptions = {},
): FocusViolation[] {
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  if (rows.length === 0 && !options.columns) return [];
  const ignore = new Set(options.ignore ?? []);
  const out: FocusViolation[] = [];
  const relation = costRelation(options);
  const emitAt =
    (row: number | undefined): Emit =>
    (rule, column, message, level = 'MUST') => {
      if (ignore.has(rule) || (options.mustOnly && level === 'SHOULD')) return;
      out.push(row === undefined ? { rule, column, message, level } : { rule, column, row, message, level });
    };

  const present = new Set(columns);
  checkColumns(columns, present, emitAt(undefined));
  const focusPresent = FOCUS_COLUMNS.filter((c) => present.has(c));
  const cross = new CrossRowState();
  rows.forEach((raw, i) => {
    const emit = emitAt(i);
    const r = normalise(raw, focusPresent, emit);
    checkRow(r, present, emit, relation);
    cross.add(r, i, emit);
  });
  return out;
}

/** Throws an Error listing (up to 20 of) the findings of `checkFocusRows`. */
export function assertFocusConformant(
  rows: readonly Record<string, unknown>[],
  options: FocusCheckOptions = {},
): void {
  const found = checkFocusRows(rows, options);
  if (found.length === 0) return;
  const shown = found.slice(0, 20).map((v) => `  ${formatFocusViolation(v)}`);
  if (found.length > 20) shown.push(`  … and ${found.length - 20} more`);
  throw new Error(`${found.length} FOCUS 1.3 conformance violation(s):\n${shown.join('\n')}`);
}

export function formatFocusViolation(v: FocusViolation): string {
  const where = v.row === undefined ? v.column : `${v.column} (row ${v.row})`;
  return `[${v.rule}${v.level === 'SHOULD' ? ', SHOULD' : ''}] ${where}: ${v.message}`;
}

function checkColumns(columns: readonly string[], present: ReadonlySet<string>, emit: Emit) {
  for (const [name, spec] of Object.entries(focusColumnSpecs)) {
    if (present.has(name)) continue;
    if (spec.feature === 'Mandatory') emit('ColumnPresence', name, `Mandatory column ${name} is missing`);
    else if (RECOMMENDED_ALWAYS.includes(name)) {
      emit('ColumnPresence', name, `Recommended column ${name} is missing`, 'SHOULD');
    }
  }
  let firstCustom: string | undefined;
  let intermixed = false;
  for (const c of columns) {
    if (FOCUS_COLUMN_SET.has(c)) {
      if (firstCustom && !intermixed) {
        intermixed = true;
        emit('ColumnOrder', c, `FOCUS column ${c} comes after custom column ${firstCustom}`, 'SHOULD');
      }
      continue;
    }
    if (c.startsWith('x_')) {
      firstCustom ??= c;
      continue;
    }
    const near = FOCUS_COLUMNS_LOWER.get(c.toLowerCase());
    emit(
      'ColumnNaming',
      c,
      `${c} is not a FOCUS 1.3 column and lacks the x_ prefix${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }
}

function normalise(raw: Record<string, unknown>, focusPresent: readonly string[], emit: Emit): Norm {
  const r: Norm = {};
  for (const c of focusPresent) {
    const v = raw[c] ?? null;
    if (typeof v === 'string' && v.trim() === '') {
      emit('EmptyString', c, `empty or whitespace-only string (${show(v)}); use NULL`);
      r[c] = null;
    } else if (typeof v === 'string' && PLACEHOLDER_RE.test(v.trim())) {
      emit('NullPlaceholder', c, `placeholder '${v}' for an absent value; use NULL`);
      r[c] = null;
    } else {
      r[c] = v;
    }
  }
  return r;
}

function checkRow(r: Norm, present: ReadonlySet<string>, emit: Emit, relation: CostRelation) {
  const has = (c: string) => present.has(c);
  const isNull = (c: string) => has(c) && r[c] === null;
  const notNull = (c: string) => has(c) && r[c] !== null;
  const str = (c: string) => (typeof r[c] === 'string' ? (r[c] as string) : undefined);
  const mustBeNull = (rule: FocusRuleId, c: string, when: string) => {
    if (notNull(c)) emit(rule, c, `${c} MUST be null when ${when}`);
  };
  const mustNotBeNull = (rule: FocusRuleId, c: string, when: string, level: FocusLevel = 'MUST') => {
    if (isNull(c)) emit(rule, c, `${c} ${level} NOT be null when ${when}`, level);
  };
  const pairing = (rule: FocusRuleId, dependent: string, partner: string) => {
    if (!has(dependent) || !has(partner)) return;
    if (isNull(partner)) mustBeNull(rule, dependent, `${partner} is null`);
    if (notNull(partner)) mustNotBeNull(rule, dependent, `${partner} is not null`);
  };

  // Types and formats; `dec` / `time` hold the parsed values of valid cells.
  const dec: Record<string, Dec> = {};
  const time: Record<string, number> = {};
  for (const [c, spec] of Object.entries(focusColumnSpecs)) {
    if (!has(c)) continue;
    const v = r[c];
    if (v === null) {
      if (spec.notNull) emit('NotNull', c, `${c} MUST NOT be null`);
      else if (SHOULD_NOT_NULL.includes(c)) emit('NotNull', c, `${c} SHOULD NOT be null`, 'SHOULD');
      continue;
    }
    if (spec.type === 'String' && typeof v !== 'string') {
      emit('DataType', c, `${c} MUST be of type String, got ${typeof v}`);
    } else if (spec.type === 'Decimal') {
      const d = toDecimal(v);
      if (d) dec[c] = d;
      else emit('DecimalFormat', c, `${show(v)} does not conform to NumericFormat`);
    } else if (spec.type === 'DateTime') {
      const t = toUtcMillis(v);
      if (t === undefined) {
        emit('DateTimeFormat', c, `${show(v)} is not a UTC ISO 8601 moment (YYYY-MM-DDTHH:mm:ssZ)`);
      } else time[c] = t;
    }
  }

  // Allowed values.
  for (const [c, allowed] of ALLOWED_SETS) {
    const v = r[c];
    if (has(c) && v !== null && (typeof v !== 'string' || !allowed.has(v))) {
      emit('AllowedValues', c, `${show(v)} is not an allowed ${c} value`);
    }
  }
  const sub = str('ServiceSubcategory');
  const parent = sub === undefined ? undefined : SUBCATEGORY_PARENT.get(sub);
  const category = str('ServiceCategory');
  if (parent && category && ALLOWED_SETS.get('ServiceCategory')!.has(category) && parent !== category) {
    emit(
      'ServiceSubcategoryParent',
      'ServiceSubcategory',
      `'${sub}' belongs to '${parent}', not '${category}'`,
    );
  }

  // Currency.
  const billing = str('BillingCurrency');
  const billingProblem = billing === undefined ? undefined : nationalCurrencyProblem(billing);
  if (billingProblem) {
    emit('CurrencyFormat', 'BillingCurrency', `${billingProblem} (national currency required)`);
  }
  const pricing = str('PricingCurrency');
  if (pricing !== undefined && /^[A-Za-z]{3}$/.test(pricing)) {
    const p = nationalCurrencyProblem(pricing);
    if (p) emit('CurrencyFormat', 'PricingCurrency', `${p} (virtual currencies use a readable name)`);
  }

  // Units (SHOULD).
  for (const c of ['PricingUnit', 'ConsumedUnit', 'CommitmentDiscountUnit']) {
    const u = str(c);
    const p = u === undefined ? undefined : focusUnitProblem(u);
    if (p) emit('UnitFormat', c, `'${u}': ${p}`, 'SHOULD');
  }

  checkJson(r, has, emit);

  // Cost = unit price × PricingQuantity: exactly, or as the options allow.
  const qty = dec.PricingQuantity;
  for (const [rule, cost, price] of [
    ['ListCostRelation', 'ListCost', 'ListUnitPrice'],
    ['ContractedCostRelation', 'ContractedCost', 'ContractedUnitPrice'],
  ] as const) {
    const c = dec[cost];
    const p = dec[price];
    const problem = c && p && qty ? relation(c, p.times(qty)) : undefined;
    if (problem) emit(rule, cost, `${cost} ${c!.toString()} ≠ ${price} × PricingQuantity = ${problem}`);
  }
  for (const c of UNIT_PRICES) {
    if (dec[c]?.isNegative() && !dec[c].isZero()) {
      emit('UnitPriceNonNegative', c, `${c} MUST be non-negative`);
    }
  }

  // Conditional nullability (§3.2).
  // An invalid ChargeCategory is reported by AllowedValues and makes the rules that depend on it skip.
  const rawCategory = str('ChargeCategory');
  const cat = rawCategory && ALLOWED_SETS.get('ChargeCategory')!.has(rawCategory) ? rawCategory : undefined;
  const correction = r.ChargeClass === 'Correction';
  const usageOrPurchase = cat === 'Usage' || cat === 'Purchase';
  const upNonCorrection = usageOrPurchase && !correction;
  const UP = 'ChargeCategory is Usage or Purchase and ChargeClass is not Correction';
  const skuPriceNull = isNull('SkuPriceId');

  for (const c of [...UNIT_PRICES, 'PricingQuantity']) {
    if (!has(c)) continue;
    const rule = c === 'PricingQuantity' ? 'PricingQuantityNullability' : 'UnitPriceNullability';
    if (skuPriceNull) mustBeNull(rule, c, 'SkuPriceId is null');
    else if (cat === 'Tax') mustBeNull(rule, c, 'ChargeCategory is Tax');
    if (c !== 'PricingQuantity' && notNull('SkuPriceId')) mustNotBeNull(rule, c, 'SkuPriceId is not null');
    else if (upNonCorrection) mustNotBeNull(rule, c, UP);
  }
  pairing('PricingUnitPairing', 'PricingUnit', 'PricingQuantity');

  if (has('ConsumedQuantity')) {
    const unused = r.CommitmentDiscountStatus === 'Unused';
    if (skuPriceNull) mustBeNull('ConsumedQuantityNullability', 'ConsumedQuantity', 'SkuPriceId is null');
    else if (cat !== undefined && cat !== 'Usage') {
      mustBeNull('ConsumedQuantityNullability', 'ConsumedQuantity', 'ChargeCategory is not Usage');
    } else if (cat === 'Usage' && unused) {
      mustBeNull('ConsumedQuantityNullability', 'ConsumedQuantity', 'CommitmentDiscountStatus is Unused');
    }
    if (cat === 'Usage' && !unused && !correction) {
      mustNotBeNull(
        'ConsumedQuantityNullability',
        'ConsumedQuantity',
        'ChargeCategory is Usage, CommitmentDiscountStatus is not Unused and ChargeClass is not Correction',
      );
    }
  }
  pairing('ConsumedUnitPairing', 'ConsumedUnit', 'ConsumedQuantity');

  for (const c of ['SkuId', 'SkuPriceId']) {
    if (cat === 'Tax') mustBeNull('SkuNullability', c, 'ChargeCategory is Tax');
    else if (upNonCorrection) mustNotBeNull('SkuNullability', c, UP);
  }
  if (isNull('SkuId')) mustBeNull('SkuNullability', 'SkuMeter', 'SkuId is null');
  if (notNull('SkuId')) mustNotBeNull('SkuNullability', 'SkuMeter', 'SkuId is not null', 'SHOULD');
  if (skuPriceNull) mustBeNull('SkuNullability', 'SkuPriceDetails', 'SkuPriceId is null');

  if (has('PricingCategory')) {
    if (skuPriceNull) mustBeNull('PricingCategoryRules', 'PricingCategory', 'SkuPriceId is null');
    else if (cat === 'Tax') mustBeNull('PricingCategoryRules', 'PricingCategory', 'ChargeCategory is Tax');
    if (upNonCorrection) mustNotBeNull('PricingCategoryRules', 'PricingCategory', UP);
    const pc = r.PricingCategory;
    const cdId = r.CommitmentDiscountId;
    if (pc === 'Committed' && isNull('CommitmentDiscountId')) {
      emit('PricingCategoryRules', 'PricingCategory', 'Committed requires a CommitmentDiscountId');
    }
    if (pc === 'Committed' && cat === 'Purchase' && cdId != null && cdId === r.ResourceId) {
      emit(
        'PricingCategoryRules',
        'PricingCategory',
        'the purchase of a commitment discount is not Committed',
      );
    }
    if (cat === 'Usage' && notNull('CommitmentDiscountStatus') && pc != null && pc !== 'Committed') {
      emit(
        'PricingCategoryRules',
        'PricingCategory',
        `${show(pc)}: a charge subject to a commitment discount MUST be Committed`,
      );
    }
  }

  if (has('CommitmentDiscountId')) {
    const rule = 'CommitmentDiscountDimensions';
    if (isNull('CommitmentDiscountId')) {
      for (const c of ['Category', 'Name', 'Type', 'Status']) {
        mustBeNull(rule, `CommitmentDiscount${c}`, 'CommitmentDiscountId is null');
      }
    } else {
      mustNotBeNull(rule, 'CommitmentDiscountCategory', 'CommitmentDiscountId is not null');
      mustNotBeNull(rule, 'CommitmentDiscountType', 'CommitmentDiscountId is not null');
      if (cat === 'Usage') {
        mustNotBeNull(
          rule,
          'CommitmentDiscountStatus',
          'CommitmentDiscountId is not null and ChargeCategory is Usage',
        );
      }
    }
  }
  if (has('CommitmentDiscountQuantity')) {
    const rule = 'CommitmentDiscountQuantityNullability';
    const c = 'CommitmentDiscountQuantity';
    if (skuPriceNull) mustBeNull(rule, c, 'SkuPriceId is null');
    if (usageOrPurchase && notNull('CommitmentDiscountId')) {
      if (!correction) mustNotBeNull(rule, c, `${UP} and CommitmentDiscountId is not null`);
    } else if (cat !== undefined) {
      mustBeNull(rule, c, 'the charge is not a Usage or Purchase with a CommitmentDiscountId');
    }
  }
  pairing('CommitmentDiscountUnitPairing', 'CommitmentDiscountUnit', 'CommitmentDiscountQuantity');

  if (has('CapacityReservationId')) {
    const rule = 'CapacityReservationDimensions';
    if (isNull('CapacityReservationId')) {
      mustBeNull(rule, 'CapacityReservationStatus', 'CapacityReservationId is null');
    } else if (cat === 'Usage') {
      mustNotBeNull(
        rule,
        'CapacityReservationStatus',
        'CapacityReservationId is not null and ChargeCategory is Usage',
      );
    }
  }

  for (const [dependent, id] of ID_NAME_PAIRS) pairing('IdNamePairs', dependent, id);
  if (isNull('ResourceId')) mustBeNull('IdNamePairs', 'ResourceName', 'ResourceId is null');

  if (isNull('AllocatedMethodId')) {
    for (const c of ['AllocatedResourceId', 'AllocatedTags', 'AllocatedMethodDetails']) {
      mustBeNull('AllocationDimensions', c, 'AllocatedMethodId is null (charge not split-allocated)');
    }
  } else if (notNull('AllocatedMethodId')) {
    mustNotBeNull(
      'AllocationDimensions',
      'AllocatedMethodDetails',
      'AllocatedMethodId is not null',
      'SHOULD',
    );
  }

  if (cat === 'Purchase' && r.ChargeFrequency === 'Usage-Based') {
    emit(
      'ChargeFrequencyPurchase',
      'ChargeFrequency',
      'MUST NOT be Usage-Based when ChargeCategory is Purchase',
    );
  }
  const commitmentPurchase =
    cat === 'Purchase' &&
    notNull('CommitmentDiscountId') &&
    (!has('ResourceId') || r.ResourceId === r.CommitmentDiscountId);
  if (commitmentPurchase) {
    for (const c of ['EffectiveCost', 'PricingCurrencyEffectiveCost']) {
      if (dec[c] && !dec[c].isZero()) {
        emit('EffectiveCostPurchase', c, `${c} MUST be 0 for the purchase of a commitment discount`);
      }
    }
  }

  for (const [start, end] of [
    ['ChargePeriodStart', 'ChargePeriodEnd'],
    ['BillingPeriodStart', 'BillingPeriodEnd'],
  ] as const) {
    const s = time[start];
    const e = time[end];
    if (s !== undefined && e !== undefined && !(s < e)) {
      emit('PeriodOrder', end, `${end} MUST be after ${start} (exclusive end bound)`);
    }
  }
}

function checkJson(r: Norm, has: (c: string) => boolean, emit: Emit) {
  for (const c of ['Tags', 'AllocatedTags', 'SkuPriceDetails']) {
    if (!has(c) || r[c] === null) continue;
    const parsed = jsonObject(r[c]);
    if (typeof parsed === 'string') {
      emit('KeyValueFormat', c, `${c} ${parsed}`);
      continue;
    }
    for (const k of parsed.dupes) emit('KeyValueFormat', c, `duplicate key '${k}'`);
    for (const [k, v] of Object.entries(parsed.value)) {
      if (!isScalar(v)) emit('KeyValueFormat', c, `value of '${k}' MUST NOT be an object or array`);
    }
    if (c === 'SkuPriceDetails') {
      for (const [k, v] of Object.entries(parsed.value)) {
        const type = Object.hasOwn(SKU_PRICE_DETAIL_KEYS, k) ? SKU_PRICE_DETAIL_KEYS[k] : undefined;
        if (!type && !k.startsWith('x_')) {
          emit('SkuPriceDetailsProperties', c, `key '${k}' is not FOCUS-defined and lacks the x_ prefix`);
        } else if (type && v !== null && typeof v !== type) {
          emit(
            'SkuPriceDetailsProperties',
            c,
            `'${k}' MUST be a ${type === 'number' ? 'Numeric' : 'String'} value`,
          );
        }
      }
    }
  }

  for (const c of ['ContractApplied', 'AllocatedMethodDetails']) {
    if (!has(c) || r[c] === null) continue;
    const parsed = jsonObject(r[c]);
    if (typeof parsed === 'string') {
      emit('JsonObjectFormat', c, `${c} ${parsed}`);
      continue;
    }
    for (const k of parsed.dupes) emit('JsonObjectFormat', c, `duplicate key '${k}'`);
    jsonObjectProblems(parsed.value, 1, (m, level) => emit('JsonObjectFormat', c, m, level));
    const schemaRule = c === 'ContractApplied' ? 'ContractAppliedSchema' : 'AllocatedMethodDetailsSchema';
    const elements = parsed.value.Elements;
    if (!Array.isArray(elements)) {
      emit(schemaRule, c, 'MUST have a top-level key "Elements" holding an array');
      continue;
    }
    elements.forEach((el, n) => {
      if (kindOf(el) !== 'object') {
        emit(schemaRule, c, `Elements[${n}] MUST be an object`);
        return;
      }
      const o = el as Record<string, unknown>;
      const known = c === 'ContractApplied' ? CONTRACT_APPLIED_KEYS : ALLOCATED_METHOD_KEYS;
      for (const [k, v] of Object.entries(o)) {
        if (!known.has(k) && !k.startsWith('x_')) {
          emit(schemaRule, c, `Elements[${n}] key '${k}' is not FOCUS-defined and lacks the x_ prefix`);
        }
        if (!isScalar(v)) {
          emit(schemaRule, c, `Elements[${n}].${k} MUST NOT be an object or array (KeyValueFormat)`);
        }
      }
      if (c === 'ContractApplied') contractElement(o, n, r, emit);
      else allocationElement(o, n, emit);
    });
  }
}

function jsonObjectProblems(v: unknown, depth: number, report: (m: string, level?: FocusLevel) => void) {
  const kind = kindOf(v);
  if (kind === 'other') report(`unsupported JSON value ${String(v)}`);
  if (kind !== 'object' && kind !== 'array') return;
  if (depth > 3) {
    report('object SHOULD NOT exceed 3 levels of nesting', 'SHOULD');
    return;
  }
  if (kind === 'object') {
    for (const child of Object.values(v as Record<string, unknown>)) {
      jsonObjectProblems(child, depth + 1, report);
    }
    return;
  }
  const arr = v as unknown[];
  if (arr.some((x) => x === null)) report('array elements MUST NOT be null');
  if (new Set(arr.map(kindOf)).size > 1) report('array elements MUST be of a consistent type');
  if (new Set(arr.map(canonical)).size < arr.length) report('array elements MUST NOT be repeated');
  for (const child of arr) jsonObjectProblems(child, depth + 1, report);
}

function contractElement(o: Record<string, unknown>, n: number, r: Norm, emit: Emit) {
  const c = 'ContractApplied';
  const at = `Elements[${n}]`;
  const pick = (a: string, b: string) => (a in o ? o[a] : o[b]);
  for (const [a, b] of [
    ['ContractId', 'ContractID'],
    ['ContractCommitmentId', 'ContractCommitmentID'],
  ] as const) {
    if (!(a in o) && !(b in o)) emit('ContractAppliedSchema', c, `${at} MUST contain "${a}"`);
    else if (typeof pick(a, b) !== 'string' || (pick(a, b) as string).trim() === '') {
      emit('ContractAppliedElements', c, `${at}.${a} MUST be a non-empty String`);
    }
  }
  for (const k of [
    'ContractCommitmentAppliedCost',
    'ContractCommitmentAppliedQuantity',
    'ContractCommitmentAppliedUnit',
  ]) {
    if (!(k in o)) emit('ContractAppliedSchema', c, `${at} MUST contain "${k}"`);
  }
  const cost = o.ContractCommitmentAppliedCost ?? null;
  const quantity = o.ContractCommitmentAppliedQuantity ?? null;
  const unit = o.ContractCommitmentAppliedUnit ?? null;
  if (cost !== null && !isJsonDecimal(cost)) {
    emit('ContractAppliedElements', c, `${at}.ContractCommitmentAppliedCost MUST be a decimal`);
  }
  if (quantity !== null && !isJsonDecimal(quantity)) {
    emit('ContractAppliedElements', c, `${at}.ContractCommitmentAppliedQuantity MUST be a decimal`);
  }
  if (cost === null && quantity === null) {
    emit('ContractAppliedElements', c, `${at}: AppliedCost and AppliedQuantity MUST NOT both be null`);
  }
  if ((unit === null) !== (quantity === null)) {
    emit(
      'ContractAppliedElements',
      c,
      `${at}: AppliedUnit MUST be null exactly when AppliedQuantity is null`,
    );
  }
  if (unit !== null && typeof unit !== 'string') {
    emit('ContractAppliedElements', c, `${at}.ContractCommitmentAppliedUnit MUST be a String`);
  }
  const commitmentId = pick('ContractCommitmentId', 'ContractCommitmentID');
  if (r.ChargeCategory === 'Purchase' && r.ResourceId !== undefined && commitmentId !== r.ResourceId) {
    emit(
      'ContractAppliedElements',
      c,
      `${at}.ContractCommitmentId MUST equal ResourceId when ChargeCategory is Purchase`,
    );
  }
}

function allocationElement(o: Record<string, unknown>, n: number, emit: Emit) {
  const c = 'AllocatedMethodDetails';
  const at = `Elements[${n}]`;
  if (!('AllocatedRatio' in o)) {
    emit('AllocatedMethodDetailsSchema', c, `${at} MUST contain "AllocatedRatio"`);
  } else if (!isJsonDecimal(o.AllocatedRatio)) {
    emit('AllocatedMethodDetailsSchema', c, `${at}.AllocatedRatio MUST be a decimal`);
  }
  if ('UsageQuantity' in o) {
    if (!('UsageUnit' in o)) {
      emit('AllocatedMethodDetailsSchema', c, `${at} MUST contain "UsageUnit" with "UsageQuantity"`);
    }
    if (!isJsonDecimal(o.UsageQuantity)) {
      emit('AllocatedMethodDetailsSchema', c, `${at}.UsageQuantity MUST be a decimal`);
    }
  }
}

/** Rules across rows: SkuPriceId → one SkuId, ServiceName → one category, CommitmentDiscountUnit per id. */
class CrossRowState {
  private readonly maps = new Map<string, Map<string, { value: unknown; row: number }>>();

  add(r: Norm, row: number, emit: Emit) {
    this.same('SkuPriceIdParent', 'SkuPriceId', 'SkuId', r, row, emit);
    this.same('ServiceNameCategory', 'ServiceName', 'ServiceCategory', r, row, emit);
    this.same('ServiceNameCategory', 'ServiceName', 'ServiceSubcategory', r, row, emit, 'SHOULD');
    this.same(
      'CommitmentDiscountUnitPairing',
      'CommitmentDiscountId',
      'CommitmentDiscountUnit',
      r,
      row,
      emit,
    );
  }

  private same(
    rule: FocusRuleId,
    key: string,
    dependent: string,
    r: Norm,
    row: number,
    emit: Emit,
    level?: FocusLevel,
  ) {
    const k = r[key];
    const v = r[dependent];
    if (typeof k !== 'string' || v === undefined || v === null) return; // nulls: nullability rules
    const mapKey = `${rule}:${dependent}`;
    let seen = this.maps.get(mapKey);
    if (!seen) this.maps.set(mapKey, (seen = new Map()));
    const first = seen.get(k);
    if (!first) seen.set(k, { value: v, row });
    else if (first.value !== v) {
      emit(
        rule,
        dependent,
        `${key} '${k}' has ${dependent} ${show(v)} here but ${show(first.value)} in row ${first.row}`,
        level,
      );
    }
  }
}
