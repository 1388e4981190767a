// JSON columns (KeyValueFormat / JsonObjectFormat) as parsed objects with exact numbers, plus the key fixes
// of later versions: x_ for custom SkuPriceDetails keys (FOCUS 1.2) and ContractApplied key casing (1.3 errata
// #3). Text that is not a JSON object, or repeats a key, is kept as text for the checker to report.
import { parseJsonExact, toPlainJson } from '../../json/exact.js';
import { isSkuPriceDetailKey } from '../spec/json-keys.js';
import type { Tally } from './draft.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A JSON column value as an object, with the fixes of its column; anything else unchanged. */
export function normaliseJson(v: unknown, column: string, tally: Tally): unknown {
  let obj: Record<string, unknown>;
  if (typeof v === 'string') {
    const parsed = parseObject(v.trim());
    if (typeof parsed === 'string') {
      tally.add(parsed, column);
      return v;
    }
    obj = parsed;
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

/** The object of a JSON text (numbers a double cannot hold exactly as decimal strings), or why it is kept. */
function parseObject(text: string): Record<string, unknown> | string {
  let duplicates = false;
  let value: unknown;
  try {
    value = toPlainJson(parseJsonExact(text, { onDuplicateKey: () => (duplicates = true) }));
  } catch {
    return 'JSON values that are not valid JSON, kept as text';
  }
  if (duplicates) return 'JSON values with duplicate keys, kept as text (parsing would drop a value)';
  if (!isPlainObject(value)) return 'JSON values that are not objects, kept as text';
  return value;
}

/** [CL] v1.2 SkuPriceDetails: "custom properties must prefix names with x_" (1.1 allowed any key). */
function prefixSkuPriceDetailKeys(o: Record<string, unknown>, tally: Tally): Record<string, unknown> {
  const keys = Object.keys(o);
  if (keys.every((k) => isSkuPriceDetailKey(k) || k.startsWith('x_'))) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const renamed = isSkuPriceDetailKey(k) || k.startsWith('x_') || keys.includes(`x_${k}`) ? k : `x_${k}`;
    if (renamed !== k) tally.add('SkuPriceDetails keys not defined by FOCUS prefixed with x_ (FOCUS 1.2)', k);
    out[renamed] = o[k];
  }
  return out;
}

/** 1.3 errata #3: ContractApplied element keys are `ContractId` / `ContractCommitmentId`. */
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
