// KeyValueFormat (Tags, AllocatedTags, SkuPriceDetails) and SkuPriceDetailsProperties.
import { isScalar, jsonObject } from '../formats/json.js';
import { isSkuPriceDetailKey, SKU_PRICE_DETAIL_KEYS } from '../spec/json-keys.js';
import type { Emit, FocusRow } from './row.js';

/** Key-value columns are JSON objects with unique keys and scalar values; SkuPriceDetails keys are FOCUS's or x_. */
export function checkKeyValues(row: FocusRow, emit: Emit): void {
  for (const c of ['Tags', 'AllocatedTags', 'SkuPriceDetails']) {
    if (!row.has(c) || row.values[c] === null) continue;
    const parsed = jsonObject(row.values[c]);
    if (typeof parsed === 'string') {
      emit('KeyValueFormat', c, `${c} ${parsed}`);
      continue;
    }
    for (const k of parsed.dupes) emit('KeyValueFormat', c, `duplicate key '${k}'`);
    for (const [k, v] of Object.entries(parsed.value)) {
      if (!isScalar(v)) emit('KeyValueFormat', c, `value of '${k}' MUST NOT be an object or array`);
    }
    if (c === 'SkuPriceDetails') skuPriceDetailProperties(parsed.value, emit);
  }
}

function skuPriceDetailProperties(details: Record<string, unknown>, emit: Emit): void {
  const c = 'SkuPriceDetails';
  for (const [k, v] of Object.entries(details)) {
    const type = isSkuPriceDetailKey(k) ? SKU_PRICE_DETAIL_KEYS[k] : undefined;
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
