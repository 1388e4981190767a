/**
 * Upgrades FOCUS Cost and Usage rows of version 1.0, 1.1 or 1.2 to FOCUS 1.3 (and normalises 1.3 rows) as
 * `cost_data_standard_1_3` stores them: the FOCUS 1.3 column IDs, Decimal columns as exact decimal strings,
 * Date/Time columns as UTC `YYYY-MM-DDTHH:mm:ssZ` strings, JSON columns as parsed objects, NULL as null,
 * non-FOCUS columns `x_`-prefixed after the FOCUS columns. Pure: no I/O, the input rows are not modified.
 *
 * Sources (cited at each rule below):
 * - [CL] FOCUS_Spec CHANGELOG.md (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec): sections v1.0-preview, v1.0,
 *   v1.1, v1.2 (column additions, renames, removals, value renames), read from the code index.
 * - [REF] /work/shared/reference/focus-1.3-columns.md: the 1.3 rules (§2, §3), the 1.2 → 1.3 changes (§6,
 *   from the v1.3 changelog section) and the 1.3 errata (§9).
 * - [MIG] FOCUS_Spec appendix "Version Migration Guidance" (working draft after 1.3, code index): ProviderName
 *   → ServiceProviderName keeps its meaning; PublisherName has no direct replacement.
 * - [MS] microsoft/finops-toolkit Cost Management export schemas (/work/shared/data/azure-finops-toolkit/
 *   focuscost_1.0.json, focuscost_1.2.json): the Microsoft FOCUS 1.0 export already carries the 1.2 columns
 *   BillingAccountType / SubAccountType and has `x_InvoiceId` / `x_PricingCurrency`, which its 1.2 export
 *   replaces with InvoiceId / PricingCurrency.
 * - [OCI] OCI FOCUS report columns (oci-landing-zones/oci-landing-zone-operating-entities
 *   addons/oci-finops/content/sql/finopsuser.sql): 1.0-preview IDs UsageQuantity / UsageUnit / Region /
 *   ChargeSubcategory and display names Provider / Publisher / InvoiceIssuer used as column IDs.
 *
 * Choices:
 * - The transformations are driven by the columns present, so a mislabelled file (e.g. an OCI report calling
 *   itself 1.0 but using 1.0-preview names) is still upgraded; the version only gates the two value rules that
 *   1.1 introduced (ConsumedQuantity on Unused rows, PricingCategory of commitment purchases).
 * - Columns added after the source version are derived where the spec allows (ServiceProviderName,
 *   HostProviderName, ServiceSubcategory, a few others); Mandatory ones that cannot be derived are added as
 *   NULL; Conditional / Recommended ones that cannot be derived are NOT added: an absent Conditional column means
 *   "not supported", which is the only reading under which NULL ids/types are allowed (e.g. BillingAccountType
 *   MUST NOT be null when BillingAccountId is not null, rule IdNamePairs of conformance.ts). Writing the rows
 *   into the 65-column table stores NULL in them.
 * - Money is never invented: cost and unit-price values are copied (only their text is normalised, exactly);
 *   nothing is computed into a cost column.
 */
import { Decimal } from 'decimal.js';
import { focusCostAndUsageColumns } from '../datasets/focus-cost.js';
import { focusAllowedValues } from './spec/allowed-values.js';
import { focusColumnSpecs } from './spec/columns.js';

export const focusVersions = ['1.0', '1.1', '1.2', '1.3'] as const;
export type FocusVersion = (typeof focusVersions)[number];

export interface UpgradeOptions {
  /** Version of the source rows; default: `detectFocusVersion` of their columns. */
  version?: FocusVersion;
  /**
   * Prefix given to non-FOCUS columns that lack `x_` (ColumnHandling: custom columns MUST be prefixed with a
   * consistent `x_`). Default `x_`; must itself start with `x_`, e.g. `x_oci_` (a column already starting with
   * the part after `x_`, such as `oci_CompartmentId`, then only gets `x_`).
   */
  providerColumnsPrefix?: string;
}

export interface UpgradeResult {
  rows: Record<string, unknown>[];
  /** The source version (declared by the caller or detected). */
  version: FocusVersion;
  /** One line per transformation applied (with counts), plus what was deliberately not derived. */
  notes: string[];
  /** Every non-FOCUS column: `kept: Id → x_Id`, `kept: x_Foo`, or `dropped: Foo (reason)`. */
  extraColumns: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Version history of the Cost and Usage columns

/** Columns added by each version ([CL] "Added"; 1.3: [REF] §6). The 43 columns of 1.0 are the rest. */
const ADDED_IN = {
  // [CL] v1.0: new columns ChargeClass, CommitmentDiscountStatus, ContractedCost, ContractedUnitPrice,
  // RegionId (renamed from Region), RegionName.
  '1.0': ['ChargeClass', 'CommitmentDiscountStatus', 'ContractedCost', 'ContractedUnitPrice', 'RegionName'],
  // [CL] v1.1
  '1.1': [
    'CapacityReservationId',
    'CapacityReservationStatus',
    'CommitmentDiscountQuantity',
    'CommitmentDiscountUnit',
    'ServiceSubcategory',
    'SkuMeter',
    'SkuPriceDetails',
  ],
  // [CL] v1.2 ("InvoiceID" in the changelog; the column ID is InvoiceId)
  '1.2': [
    'BillingAccountType',
    'InvoiceId',
    'PricingCurrency',
    'PricingCurrencyContractedUnitPrice',
    'PricingCurrencyEffectiveCost',
    'PricingCurrencyListUnitPrice',
    'SubAccountType',
  ],
  // [REF] §6 (v1.3 changelog): 57 → 65 columns
  '1.3': [
    'AllocatedMethodDetails',
    'AllocatedMethodId',
    'AllocatedResourceId',
    'AllocatedResourceName',
    'AllocatedTags',
    'ContractApplied',
    'HostProviderName',
    'ServiceProviderName',
  ],
} as const;

/** 1.2 columns that only 1.2+ generators emit (Microsoft's 1.0 export already has the two *AccountType: [MS]). */
const STRONG_1_2 = ADDED_IN['1.2'].filter((c) => c !== 'BillingAccountType' && c !== 'SubAccountType');
const WEAK_1_2 = ['BillingAccountType', 'SubAccountType'];

/**
 * Column renames of the changelog ([CL]); there are none between 1.0 and 1.3 (1.2 renamed attributes and a
 * metadata property, 1.3 only the InvoiceIssuer display name). Applied whenever the new name is absent.
 */
const SPEC_RENAMES: Readonly<Record<string, { to: string; why: string }>> = {
  AmortizedCost: { to: 'EffectiveCost', why: 'FOCUS 1.0-preview renamed AmortizedCost to EffectiveCost' },
  ChargeType: { to: 'ChargeCategory', why: 'FOCUS 1.0-preview renamed ChargeType to ChargeCategory' },
  UsageQuantity: { to: 'ConsumedQuantity', why: 'FOCUS 1.0 renamed UsageQuantity to ConsumedQuantity' },
  UsageUnit: { to: 'ConsumedUnit', why: 'FOCUS 1.0 renamed UsageUnit to ConsumedUnit' },
  Region: { to: 'RegionId', why: 'FOCUS 1.0 renamed Region to RegionId (and added RegionName)' },
  // Display names used as column IDs by OCI FOCUS reports ([OCI]); the spec IDs are the *Name forms since 0.5.
  Provider: { to: 'ProviderName', why: 'display name used as column ID (OCI FOCUS report)' },
  Publisher: { to: 'PublisherName', why: 'display name used as column ID (OCI FOCUS report)' },
  InvoiceIssuer: { to: 'InvoiceIssuerName', why: 'display name used as column ID (OCI FOCUS report)' },
};
const PRE_1_0_NAMES = [
  'AmortizedCost',
  'ChargeType',
  'UsageQuantity',
  'UsageUnit',
  'Region',
  'ChargeSubcategory',
];

// ---------------------------------------------------------------------------------------------------------
// FOCUS 1.3 column metadata

/** The 65 columns in the order of `cost_data_standard_1_3`. */
const FOCUS_ORDER: readonly string[] = focusCostAndUsageColumns.map((c) => c.name);
const FOCUS_SET: ReadonlySet<string> = new Set(FOCUS_ORDER);
const typeOf = (c: string) => focusColumnSpecs[c]?.type;

const ALIASES_LOWER = new Map<string, { to: string; why: string }>([
  ...FOCUS_ORDER.map((c) => [c.toLowerCase(), { to: c, why: 'column ID casing' }] as const),
  ...Object.entries(SPEC_RENAMES).map(([from, r]) => [from.toLowerCase(), r] as const),
]);

/** Allowed values by their lower-case form (only where that form is unique, i.e. unambiguous). */
const ALLOWED_LOWER = new Map(
  Object.entries(focusAllowedValues).map(([column, values]) => {
    const byLower = new Map<string, string | null>();
    for (const v of values) byLower.set(v.toLowerCase(), byLower.has(v.toLowerCase()) ? null : v);
    return [column, { set: new Set(values), byLower }] as const;
  }),
);

/** [CL] v1.0 PricingCategory: "Changed On-Demand to Standard", "Changed Commitment-Based to Committed". */
const PRICING_CATEGORY_RENAMES: Readonly<Record<string, string>> = {
  'on-demand': 'Standard',
  'commitment-based': 'Committed',
};

/** SkuPriceDetails keys defined by FOCUS ([REF] §3.1; defined in 1.2, [CL] v1.2). */
const SKU_PRICE_DETAIL_KEYS = new Set([
  'CoreCount',
  'DiskMaxIops',
  'DiskSpace',
  'DiskType',
  'GpuCount',
  'InstanceType',
  'InstanceSeries',
  'MemorySize',
  'NetworkMaxIops',
  'NetworkMaxThroughput',
  'OperatingSystem',
  'Redundancy',
  'StorageClass',
]);

const NON_NATIONAL = new Set('XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '));
const ISO_4217: ReadonlySet<string> = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency').filter((c) => !NON_NATIONAL.has(c)));
  } catch {
    return new Set<string>();
  }
})();

// ---------------------------------------------------------------------------------------------------------
// Version detection

/** Parses a version string; throws for anything but '1.0', '1.1', '1.2', '1.3'. */
export function parseFocusVersion(v: unknown): FocusVersion {
  if (typeof v === 'string' && (focusVersions as readonly string[]).includes(v)) return v as FocusVersion;
  throw new Error(
    `Unsupported FOCUS version ${JSON.stringify(v)}: expected one of ${focusVersions.join(', ')}`,
  );
}

/**
 * The FOCUS version of a Cost and Usage dataset from its column names (case-insensitive): 1.3 when a 1.3
 * column exists, 1.2 when a 1.2 column exists (BillingAccountType / SubAccountType alone only together with a
 * 1.1 column: Microsoft's 1.0 export has them [MS]), 1.1 when a 1.1 column exists, else 1.0 (also for 0.5 /
 * 1.0-preview names, which are upgraded as 1.0).
 */
export function detectFocusVersion(columns: readonly string[]): { version: FocusVersion; evidence: string } {
  const present = new Set(columns.map((c) => c.trim().toLowerCase()));
  const found = (names: readonly string[]) => names.filter((n) => present.has(n.toLowerCase()));
  const v13 = found(ADDED_IN['1.3']);
  if (v13.length > 0) return { version: '1.3', evidence: `1.3 columns present: ${v13.join(', ')}` };
  const strong = found(STRONG_1_2);
  const weak = found(WEAK_1_2);
  const v11 = found(ADDED_IN['1.1']);
  if (strong.length > 0 || (weak.length > 0 && v11.length > 0)) {
    return { version: '1.2', evidence: `1.2 columns present: ${[...strong, ...weak].join(', ')}` };
  }
  if (v11.length > 0) {
    return { version: '1.1', evidence: `1.1 columns present: ${v11.join(', ')}; no 1.2 or 1.3 column` };
  }
  const parts = ['no 1.1, 1.2 or 1.3 column'];
  if (weak.length > 0) {
    parts.push(`${weak.join(', ')} without any 1.1 column (as in Microsoft's FOCUS 1.0 export)`);
  }
  const pre = found(PRE_1_0_NAMES);
  if (pre.length > 0)
    parts.push(`pre-1.0 column names ${pre.join(', ')} (0.5 / 1.0-preview), upgraded as 1.0`);
  return { version: '1.0', evidence: parts.join('; ') };
}

// ---------------------------------------------------------------------------------------------------------
// Notes

/** Counts transformations per note text and per column; renders one line per note. */
class Tally {
  private readonly byNote = new Map<string, Map<string, number>>();

  add(note: string, column = '', n = 1) {
    let m = this.byNote.get(note);
    if (!m) this.byNote.set(note, (m = new Map()));
    m.set(column, (m.get(column) ?? 0) + n);
  }

  lines(): string[] {
    return [...this.byNote].map(([note, cols]) => {
      const total = [...cols.values()].reduce((a, b) => a + b, 0);
      const named = [...cols].filter(([c]) => c !== '');
      const detail = named.length > 0 ? `: ${named.map(([c, n]) => `${c} ${n}`).join(', ')}` : '';
      return `${note} (${total} value${total === 1 ? '' : 's'}${detail})`;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Value normalisation

const PLACEHOLDER_RE = /^(null|n\/a|not applicable)$/i;
/** NumericFormat ([REF] §2): integer, decimal or mEn; exponent sign only when negative; no '+'. */
const NUMERIC_RE = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;
const LENIENT_NUMERIC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE])([+-]?\d+))?$/;

function normaliseDecimal(v: unknown, column: string, tally: Tally): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      tally.add('Decimal values that are not numbers, left unchanged', column);
      return v;
    }
    tally.add('JS numbers written as decimal strings (their shortest exact text)', column);
    return new Decimal(v).toFixed();
  }
  if (typeof v === 'bigint') return v.toString();
  if (Decimal.isDecimal(v)) return (v as Decimal).toFixed();
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (NUMERIC_RE.test(t)) {
    if (t !== v) tally.add('Decimal values trimmed of whitespace', column);
    return t;
  }
  const m = LENIENT_NUMERIC_RE.exec(t);
  if (m && (m[2] !== '' || (m[3] ?? '') !== '')) {
    const [, sign, int, frac, e, exp] = m;
    const fixed =
      (sign === '-' ? '-' : '') +
      (int === '' ? '0' : int) +
      (frac ? `.${frac}` : '') +
      (e ? `${e}${exp!.replace('+', '')}` : '');
    if (NUMERIC_RE.test(fixed)) {
      tally.add("Decimal text fixed to NumericFormat (no '+' signs, digits around the point)", column);
      return fixed;
    }
  }
  tally.add('Decimal values not in NumericFormat, left unchanged (e.g. separators or units)', column);
  return v;
}

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:(T| +)(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? *(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A Date/Time value as UTC `YYYY-MM-DDTHH:mm:ssZ` (non-zero fractional seconds kept), or unchanged. */
function normaliseTimestamp(v: unknown, column: string, tally: Tally): unknown {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return v;
    tally.add('Date objects written as YYYY-MM-DDTHH:mm:ssZ', column);
    const iso = v.toISOString();
    return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
  }
  if (typeof v !== 'string') {
    tally.add('Date/Time values that are not strings, left unchanged', column);
    return v;
  }
  const t = v.trim();
  const m = TIMESTAMP_RE.exec(t);
  if (!m) {
    tally.add('Date/Time values in an unrecognised format, left unchanged', column);
    return v;
  }
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  const num = (x: string | undefined) => Number(x ?? 0);
  let offsetMin = 0;
  if (zone && /^[+-]/.test(zone)) {
    const z = zone.replace(':', '');
    offsetMin = (z[0] === '-' ? -1 : 1) * (num(z.slice(1, 3)) * 60 + num(z.slice(3, 5)));
  }
  const date = new Date(0);
  date.setUTCFullYear(num(y), num(mo) - 1, num(d));
  date.setUTCHours(num(h), num(mi), num(s), 0);
  const valid =
    date.getUTCFullYear() === num(y) &&
    date.getUTCMonth() === num(mo) - 1 &&
    date.getUTCDate() === num(d) &&
    date.getUTCHours() === num(h) &&
    date.getUTCMinutes() === num(mi) &&
    date.getUTCSeconds() === num(s) &&
    Math.abs(offsetMin) < 24 * 60;
  if (!valid) {
    tally.add('Date/Time values that are not a real date and time, left unchanged', column);
    return v;
  }
  const utc = new Date(date.getTime() - offsetMin * 60_000);
  const fraction = (frac ?? '').replace(/0+$/, '');
  const out = `${utc.toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
  if (out === v) return v;
  const how: string[] = [];
  if (h === undefined) how.push('date only (read as 00:00:00 UTC)');
  else {
    if (sep !== 'T') how.push("space instead of 'T'");
    if (s === undefined) how.push('no seconds');
    if ((frac ?? '') !== '' && fraction === '') how.push('zero fractional seconds dropped');
    if (!zone) how.push('no UTC offset (read as UTC, DateTimeFormat requires UTC)');
    else if (offsetMin !== 0) how.push('UTC offset converted to UTC');
    else if (zone.toUpperCase() !== 'Z') how.push(`'${zone}' written as 'Z'`);
  }
  if (how.length === 0) how.push('surrounding whitespace');
  tally.add(`Date/Time written as YYYY-MM-DDTHH:mm:ssZ: ${how.join(', ')}`, column);
  return out;
}

/** JSON text parsed with exact numbers: a number that a double cannot hold exactly stays a decimal string. */
function parseJsonExact(text: string): { value: unknown; duplicates: string[] } | undefined {
  let i = 0;
  const duplicates: string[] = [];
  const fail = (): never => {
    throw new SyntaxError(`JSON syntax error at ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
  };
  const STRING = /"(?:[^"\\]|\\.)*"/y; // escapes and control characters: JSON.parse of the token rejects them
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const LITERAL = /true|false|null/y;
  const token = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) fail();
    i = re.lastIndex;
    return m![0];
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = JSON.parse(token(STRING)) as string;
        ws();
        if (text[i++] !== ':') fail();
        const v = value();
        if (Object.hasOwn(o, key)) duplicates.push(key);
        Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        const d = text[i++];
        if (d === '}') return o;
        if (d !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return a;
        if (d !== ',') fail();
      }
    }
    if (c === '"') return JSON.parse(token(STRING)) as string;
    if (c === 't' || c === 'f' || c === 'n') return JSON.parse(token(LITERAL)) as unknown;
    const n = token(NUMBER);
    const asNumber = Number(n);
    return Number.isFinite(asNumber) && new Decimal(n).equals(new Decimal(asNumber)) ? asNumber : n;
  };
  try {
    const parsed = value();
    ws();
    return i === text.length ? { value: parsed, duplicates } : undefined;
  } catch {
    return undefined;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A JSON column value as an object (KeyValueFormat / JsonObjectFormat), with the fixes of its column. */
function normaliseJson(v: unknown, column: string, tally: Tally): unknown {
  let obj: Record<string, unknown>;
  if (typeof v === 'string') {
    const parsed = parseJsonExact(v.trim());
    if (!parsed) {
      tally.add('JSON values that are not valid JSON, kept as text', column);
      return v;
    }
    if (parsed.duplicates.length > 0) {
      tally.add('JSON values with duplicate keys, kept as text (parsing would drop a value)', column);
      return v;
    }
    if (!isPlainObject(parsed.value)) {
      tally.add('JSON values that are not objects, kept as text', column);
      return v;
    }
    obj = parsed.value;
    tally.add('JSON text parsed to objects (numbers a double cannot hold exactly kept as strings)', column);
  } else if (isPlainObject(v)) {
    obj = { ...v };
  } else {
    return v;
  }
  if (column === 'SkuPriceDetails') obj = prefixSkuPriceDetailKeys(obj, tally);
  if (column === 'ContractApplied') obj = contractAppliedKeyCasing(obj, tally);
  return obj;
}

/** [CL] v1.2 SkuPriceDetails: "custom properties must prefix names with x_" (1.1 allowed any key). */
function prefixSkuPriceDetailKeys(o: Record<string, unknown>, tally: Tally): Record<string, unknown> {
  const keys = Object.keys(o);
  if (keys.every((k) => SKU_PRICE_DETAIL_KEYS.has(k) || k.startsWith('x_'))) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const renamed =
      SKU_PRICE_DETAIL_KEYS.has(k) || k.startsWith('x_') || keys.includes(`x_${k}`) ? k : `x_${k}`;
    if (renamed !== k) tally.add('SkuPriceDetails keys not defined by FOCUS prefixed with x_ (FOCUS 1.2)', k);
    out[renamed] = o[k];
  }
  return out;
}

/** 1.3 errata #3 ([REF] §9): ContractApplied element keys are `ContractId` / `ContractCommitmentId`. */
function contractAppliedKeyCasing(o: Record<string, unknown>, tally: Tally): Record<string, unknown> {
  if (!Array.isArray(o.Elements)) return o;
  const elements = o.Elements.map((el: unknown) => {
    if (!isPlainObject(el)) return el;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(el)) {
      const fixed =
        k === 'ContractID' ? 'ContractId' : k === 'ContractCommitmentID' ? 'ContractCommitmentId' : k;
      if (fixed !== k && !Object.hasOwn(el, fixed)) {
        tally.add(
          'ContractApplied element keys ContractID / ContractCommitmentID written as …Id (1.3 errata #3)',
        );
        out[fixed] = val;
      } else out[k] = val;
    }
    return out;
  });
  return { ...o, Elements: elements };
}

function normaliseAllowedValue(v: string, column: string, tally: Tally): string {
  const allowed = ALLOWED_LOWER.get(column);
  if (!allowed || allowed.set.has(v)) return v;
  const lower = v.trim().toLowerCase();
  const renamed = column === 'PricingCategory' ? PRICING_CATEGORY_RENAMES[lower] : undefined;
  if (renamed) {
    tally.add(`PricingCategory '${v}' renamed to '${renamed}' (FOCUS 1.0)`, column);
    return renamed;
  }
  const match = allowed.byLower.get(lower);
  if (match) {
    tally.add(`Allowed-value casing fixed: '${v}' → '${match}'`, column);
    return match;
  }
  return v;
}

function normaliseCurrency(v: string, column: string, tally: Tally): string {
  const t = v.trim();
  if (/^[A-Za-z]{3}$/.test(t) && t !== v.toUpperCase() && ISO_4217.has(t.toUpperCase())) {
    tally.add('Currency codes written in ISO 4217 upper case (CurrencyFormat)', column);
    return t.toUpperCase();
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// Upgrade

type Row = Record<string, unknown>;

/** Upgrades FOCUS 1.0 / 1.1 / 1.2 Cost and Usage rows (or normalises 1.3 rows) to FOCUS 1.3. */
export function upgradeFocusRows(rows: readonly Row[], options: UpgradeOptions = {}): UpgradeResult {
  const declared = options.version === undefined ? undefined : parseFocusVersion(options.version);
  const prefix = options.providerColumnsPrefix ?? 'x_';
  if (!/^x_[A-Za-z0-9_]*$/.test(prefix)) {
    throw new Error(`providerColumnsPrefix ${JSON.stringify(prefix)} must start with 'x_' (ColumnHandling)`);
  }

  const sourceColumns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        sourceColumns.push(k);
      }
    }
  }

  const detected = detectFocusVersion(sourceColumns);
  const version = declared ?? detected.version;
  const notes: string[] = [
    declared
      ? `Source version ${declared} (declared by the caller; columns suggest ${detected.version}: ${detected.evidence})`
      : `Source version ${version} (detected: ${detected.evidence})`,
  ];
  const extraColumns: string[] = [];
  const tally = new Tally();

  // 1. Column mapping: FOCUS names and x_ columns stay; renames, aliases and case variants of FOCUS names
  // take the FOCUS name when it is free; every other column gets the x_ prefix (ColumnHandling).
  const plan = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of sourceColumns) {
    if (FOCUS_SET.has(c) || c.startsWith('x_')) {
      plan.set(c, c);
      taken.add(c);
    }
  }
  for (const c of sourceColumns) {
    if (plan.has(c)) continue;
    const rename = SPEC_RENAMES[c.trim()] ?? ALIASES_LOWER.get(c.trim().toLowerCase());
    if (rename && !taken.has(rename.to)) {
      plan.set(c, rename.to);
      taken.add(rename.to);
      notes.push(`Column ${c} renamed to ${rename.to} (${rename.why})`);
    }
  }
  for (const c of sourceColumns) {
    if (plan.has(c)) {
      if (c.startsWith('x_')) extraColumns.push(`kept: ${c}`);
      continue;
    }
    if (c.trim() === '') {
      extraColumns.push(`dropped: ${JSON.stringify(c)} (empty column name)`);
      continue;
    }
    const target = c.startsWith(prefix.slice(2)) && prefix !== 'x_' ? `x_${c}` : `${prefix}${c}`;
    if (taken.has(target)) {
      extraColumns.push(`dropped: ${c} (${target} already exists)`);
      continue;
    }
    plan.set(c, target);
    taken.add(target);
    extraColumns.push(`kept: ${c} → ${target}`);
    if (c.trim().toLowerCase() === 'chargesubcategory') {
      notes.push(`Column ChargeSubcategory (removed in FOCUS 1.0) kept as ${target}`);
    }
  }

  const out: Row[] = rows.map((r) => {
    const o: Row = {};
    for (const [source, target] of plan) o[target] = r[source] ?? null;
    return o;
  });
  const columns = new Set(plan.values());
  const has = (c: string) => columns.has(c);
  const addColumn = (c: string, value: (r: Row) => unknown) => {
    columns.add(c);
    for (const r of out) r[c] = value(r);
  };

  // 2. Values: NullHandling, data types and formats, allowed values.
  for (const r of out) {
    for (const c of columns) {
      let v = r[c];
      const type = typeOf(c);
      if (typeof v === 'string' && (v.trim() === '' || (type ? PLACEHOLDER_RE : /^null$/i).test(v.trim()))) {
        tally.add(
          `NullHandling: empty strings and ${type ? "'NULL' / 'N/A' placeholders" : "'NULL'"} → null`,
          c,
        );
        r[c] = null;
        continue;
      }
      if (v === null || !type) continue;
      if (type === 'Decimal') v = normaliseDecimal(v, c, tally);
      else if (type === 'DateTime') v = normaliseTimestamp(v, c, tally);
      else if (type === 'JSON') v = normaliseJson(v, c, tally);
      else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
        tally.add('String columns holding numbers or booleans written as strings', c);
        v = String(v);
      }
      if (typeof v === 'string' && type === 'String') {
        v = normaliseAllowedValue(v, c, tally);
        if (c === 'BillingCurrency' || c === 'PricingCurrency') v = normaliseCurrency(v as string, c, tally);
      }
      r[c] = v;
    }
  }

  // 3. Values of removed or renamed concepts.
  const chargeSubcategory = [...plan].find(
    ([source]) => source.trim().toLowerCase() === 'chargesubcategory',
  )?.[1];
  if (chargeSubcategory && has('ChargeCategory')) {
    // [CL] v1.0 ChargeCategory: 'Added "Credit" value for credits'; 1.0-preview put credits under Adjustment
    // with ChargeSubcategory "Credit". (Refunds now keep the category of what they refund: not derivable.)
    for (const r of out) {
      if (r.ChargeCategory === 'Adjustment' && r[chargeSubcategory] === 'Credit') {
        r.ChargeCategory = 'Credit';
        tally.add("ChargeCategory 'Adjustment' with ChargeSubcategory 'Credit' → 'Credit' (FOCUS 1.0)");
      }
    }
  }
  if (chargeSubcategory && has('CommitmentDiscountId')) {
    // [CL] v1.0 added CommitmentDiscountStatus; 1.0-preview said "Used Commitment" / "Unused Commitment" in
    // ChargeSubcategory.
    if (!has('CommitmentDiscountStatus')) addColumn('CommitmentDiscountStatus', () => null);
    const status: Record<string, string> = { 'Used Commitment': 'Used', 'Unused Commitment': 'Unused' };
    for (const r of out) {
      const s = status[String(r[chargeSubcategory])];
      if (s && r.CommitmentDiscountStatus === null && r.CommitmentDiscountId !== null) {
        r.CommitmentDiscountStatus = s;
        tally.add(
          'CommitmentDiscountStatus derived from ChargeSubcategory Used/Unused Commitment (FOCUS 1.0)',
        );
      }
    }
  }
  if (version === '1.0') {
    // [CL] v1.1 ConsumedQuantity: "Must be null when CommitmentDiscountStatus is Unused" (ConsumedUnit likewise).
    for (const r of out) {
      if (r.CommitmentDiscountStatus === 'Unused' && (r.ConsumedQuantity ?? null) !== null) {
        r.ConsumedQuantity = null;
        if (has('ConsumedUnit')) r.ConsumedUnit = null;
        tally.add('ConsumedQuantity / ConsumedUnit set to null on Unused commitment rows (FOCUS 1.1)');
      }
    }
    // [CL] v1.1 PricingCategory: "Must not be Committed when the charge is for a commitment discount purchase";
    // [REF] §3.1: the purchase of a commitment at agreed rates is Standard.
    for (const r of out) {
      if (
        r.ChargeCategory === 'Purchase' &&
        r.PricingCategory === 'Committed' &&
        (r.CommitmentDiscountId ?? null) !== null &&
        r.CommitmentDiscountId === r.ResourceId
      ) {
        r.PricingCategory = 'Standard';
        tally.add("PricingCategory 'Committed' → 'Standard' on commitment purchases (FOCUS 1.1)");
      }
    }
  }

  // 4. Participating entities (1.3): ServiceProviderName replaces the deprecated ProviderName with the same
  // meaning [MIG]; HostProviderName "MUST equal ServiceProviderName in all other cases" ([REF] hostprovidername)
  // when the source names no host; ProviderName / PublisherName stay (deprecated, still Mandatory in 1.3).
  const fill = (target: string, from: string, why: string) => {
    if (!has(from)) return;
    if (!has(target)) addColumn(target, () => null);
    let n = 0;
    for (const r of out) {
      if (r[target] === null && r[from] !== null) {
        r[target] = r[from];
        n++;
      }
    }
    if (n > 0) tally.add(`${target} filled from ${from} (${why})`, '', n);
  };
  const addedSpn = !has('ServiceProviderName');
  fill(
    'ServiceProviderName',
    'ProviderName',
    'FOCUS 1.3: replaces the deprecated ProviderName, same meaning',
  );
  if (!has('HostProviderName')) {
    fill(
      'HostProviderName',
      'ServiceProviderName',
      'FOCUS 1.3: equals ServiceProviderName unless a host provider is selected or exposed; the source names none',
    );
  }
  fill('ProviderName', 'ServiceProviderName', 'deprecated in 1.3 but still Mandatory: same value');
  if (!has('PublisherName')) {
    fill(
      'PublisherName',
      'ServiceProviderName',
      'deprecated in 1.3 but still Mandatory: its primary use [MIG]',
    );
  }
  if (addedSpn && has('PublisherName') && has('ProviderName')) {
    const differ = out.filter((r) => r.PublisherName !== null && r.PublisherName !== r.ProviderName).length;
    if (differ > 0) {
      notes.push(
        `PublisherName differs from ProviderName on ${differ} rows; not used for ServiceProviderName / ` +
          'HostProviderName: first-party publisher names and marketplace sellers cannot be told apart here',
      );
    }
  }

  // 5. ServiceSubcategory (Recommended since 1.1, MUST NOT be null): every ServiceCategory has the allowed
  // value "Other (<Category>)" ([REF] §3.4); derived only for valid categories.
  if (has('ServiceCategory')) {
    if (!has('ServiceSubcategory')) addColumn('ServiceSubcategory', () => null);
    const allowed = ALLOWED_LOWER.get('ServiceSubcategory')!.set;
    for (const r of out) {
      const sub = `Other (${String(r.ServiceCategory)})`;
      if (r.ServiceSubcategory === null && typeof r.ServiceCategory === 'string' && allowed.has(sub)) {
        r.ServiceSubcategory = sub;
        tally.add(
          "ServiceSubcategory derived as 'Other (<ServiceCategory>)' (no finer mapping in the source)",
        );
      }
    }
  }

  // 6. Microsoft's 1.0 export names the 1.2 columns InvoiceId / PricingCurrency x_InvoiceId / x_PricingCurrency
  // [MS]. PricingCurrency MUST NOT be null (1.3 errata #9), so it is only taken when every row has one.
  if (!has('InvoiceId') && has('x_InvoiceId')) {
    fill('InvoiceId', 'x_InvoiceId', "Microsoft's FOCUS 1.0 export; its 1.2 export has InvoiceId");
  }
  if (!has('PricingCurrency') && has('x_PricingCurrency') && out.every((r) => r.x_PricingCurrency !== null)) {
    fill(
      'PricingCurrency',
      'x_PricingCurrency',
      "Microsoft's FOCUS 1.0 export; its 1.2 export has PricingCurrency",
    );
  }

  // 7. Mandatory columns still missing are added as NULL (never invent money: ContractedCost stays NULL).
  const missingMandatory = FOCUS_ORDER.filter((c) => focusColumnSpecs[c]?.feature === 'Mandatory' && !has(c));
  for (const c of missingMandatory) addColumn(c, () => null);
  if (missingMandatory.length > 0) {
    notes.push(`Mandatory columns missing in the source, added as NULL: ${missingMandatory.join(', ')}`);
  }
  const notAdded = FOCUS_ORDER.filter((c) => !has(c));
  if (notAdded.length > 0) {
    notes.push(
      `Not added (Conditional / Recommended, no source data; absent means not supported, NULL in ` +
        `cost_data_standard_1_3): ${notAdded.join(', ')}`,
    );
  }

  notes.push(...tally.lines());

  // FOCUS columns first in table order, then the custom columns in source order (ColumnHandling).
  const order = [...FOCUS_ORDER.filter(has), ...[...columns].filter((c) => !FOCUS_SET.has(c))];
  const ordered = out.map((r) => Object.fromEntries(order.map((c) => [c, r[c] ?? null])));
  return { rows: ordered, version, notes, extraColumns };
}
