/**
 * Values of Azure cost export fields, normalised: UnitOfMeasure blocks (`10K`, `100 Hours`) as block size, plain
 * unit and pricing unit; ResourceLocation as a region name; the resource type of a ResourceId. Money stays exact.
 */
import { Exact } from '../money/decimal.js';

export type Dec = Exact;

/** A cell's trimmed text, or null when empty. */
export const str = (v: unknown) =>
  v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim();
/** A cell as an exact decimal, or null when empty. */
export const dec = (v: unknown): Dec | null => {
  const s = str(v);
  return s === null ? null : new Exact(s);
};

const BLOCK_SUFFIX: Record<string, number> = { K: 1_000, M: 1_000_000, B: 1_000_000_000 };
const PLURAL = new Map(
  Object.entries({
    hour: 'Hours',
    hours: 'Hours',
    hr: 'Hours',
    hrs: 'Hours',
    day: 'Days',
    days: 'Days',
    month: 'Months',
    months: 'Months',
    minute: 'Minutes',
    minutes: 'Minutes',
    second: 'Seconds',
    seconds: 'Seconds',
    year: 'Years',
    years: 'Years',
    unit: 'Units',
    units: 'Units',
    user: 'Users',
    users: 'Users',
    request: 'Requests',
    requests: 'Requests',
    count: 'Count',
    million: 'Million',
    unassigned: 'Units',
    'minute(s)': 'Minutes',
    gb: 'GB',
    gib: 'GiB',
    tb: 'TB',
    tib: 'TiB',
    mb: 'MB',
  }),
);
const SINGULAR = new Map(
  Object.entries({
    hour: 'Hour',
    hours: 'Hour',
    day: 'Day',
    days: 'Day',
    month: 'Month',
    months: 'Month',
    minute: 'Minute',
    minutes: 'Minute',
    second: 'Second',
    seconds: 'Second',
    year: 'Year',
    years: 'Year',
  }),
);
const PER: Record<string, string> = { daily: 'Day', hourly: 'Hour', monthly: 'Month', annual: 'Year' };

/** `Hour` -> `Hours`, `GB Hour` -> `GB Hours`, `Daily Connection` -> `Connections/Day`, nothing -> `Units`. */
function plainUnit(text: string): string {
  const words = text.trim();
  if (words === '') return 'Units';
  const known = PLURAL.get(words.toLowerCase());
  if (known) return known;
  if (/^per\s+/i.test(words)) return plainUnit(words.replace(/^per\s+/i, ''));
  const per = /^(daily|hourly|monthly|annual)\s+(.+)$/i.exec(words);
  if (per) return `${plainUnit(per[2]!)}/${PER[per[1]!.toLowerCase()]}`;
  const parts = words.split(/\s+/);
  const last = parts[parts.length - 1]!;
  const plural = PLURAL.get(last.toLowerCase());
  if (plural && /^[A-Z][a-z]+$/.test(plural)) parts[parts.length - 1] = plural;
  else if (/^[A-Z][a-z]+$/.test(last) && !/(s|ed)$/.test(last)) parts[parts.length - 1] = `${last}s`;
  return parts.join(' ');
}

const BLOCK_NUMBER = /^(\d+(?:\.\d+)?)([KMB](?![A-Za-z]))?(?:\s+|(?=\/)|$)/;

/**
 * A UnitOfMeasure (`10K`, `1 Hour`, `100 Hours`, `1/Month`, `1 GB/Month`, `100000000`) as its block size, the
 * plain unit (FOCUS ConsumedUnit: `Units`, `Hours`, `Units/Month`, `GB/Month`) and the pricing unit (`10000
 * Units`, `100 Hours`; the plain unit for a block of 1). No unit: a block of 1 `Units`.
 */
export function unitOfMeasure(text: unknown): { block: Dec; unit: string; pricingUnit: string } {
  let rest = str(text) ?? '';
  let block = new Exact(1);
  for (let m = BLOCK_NUMBER.exec(rest); m && rest !== ''; m = BLOCK_NUMBER.exec(rest)) {
    block = block.times(m[1]!).times(m[2] ? BLOCK_SUFFIX[m[2]]! : 1);
    rest = rest.slice(m[0].length).trim();
  }
  if (!block.isPositive() || block.isZero()) block = new Exact(1);
  const slash = rest.indexOf('/');
  const denominator = slash < 0 ? null : rest.slice(slash + 1).trim();
  let unit = plainUnit(slash < 0 ? rest : rest.slice(0, slash));
  if (denominator) unit = `${unit}/${SINGULAR.get(denominator.toLowerCase()) ?? denominator}`;
  return { block, unit, pricingUnit: block.eq(1) ? unit : `${block.toFixed()} ${unit}` };
}

/** Older display-style locations (`US East 2`, `EU West`) -> region names (`eastus2`, `westeurope`). */
const LEGACY_AREA: Record<string, (direction: string) => string> = {
  us: (d) => `${d}us`,
  eu: (d) => `${d}europe`,
  ap: (d) => `${d}asia`,
  ja: (d) => `japan${d}`,
  br: (d) => `brazil${d}`,
  au: (d) => `australia${d}`,
  in: (d) => `${d}india`,
  ca: (d) => `canada${d}`,
  uk: (d) => `uk${d}`,
};

/** ResourceLocation as an Azure region name: `EastUS2` -> `eastus2`, `US East 2` -> `eastus2`; Unassigned -> null. */
export function azureRegion(location: unknown): string | null {
  const v = str(location);
  if (v === null || /^(unassigned|unknown|n\/a)$/i.test(v)) return null;
  const legacy = /^([A-Za-z]{2}) ([A-Za-z ]+?)(?: (\d))?$/.exec(v);
  const area = legacy ? LEGACY_AREA[legacy[1]!.toLowerCase()] : undefined;
  if (legacy && area) return `${area(legacy[2]!.replace(/\s+/g, '').toLowerCase())}${legacy[3] ?? ''}`;
  return v.replace(/\s+/g, '').toLowerCase();
}

/** `…/providers/Microsoft.Sql/servers/s1/databases/d1` -> `Microsoft.Sql/servers/databases`; null without one. */
export function azureResourceType(resourceId: unknown): string | null {
  const parts = (str(resourceId) ?? '').split('/').filter((p) => p !== '');
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  if (at < 0 || parts.length < at + 3) return null;
  const types: string[] = [];
  for (let i = at + 2; i < parts.length; i += 2) types.push(parts[i]!);
  return `${parts[at + 1]}/${types.join('/')}`;
}
