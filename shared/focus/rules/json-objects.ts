// JsonObjectFormat, ContractAppliedSchema and AllocatedMethodDetailsSchema (ContractApplied and
// AllocatedMethodDetails: `{"Elements": [ {...}, ... ]}`).
import { canonical, isScalar, jsonObject, kindOf } from '../formats/json.js';
import { ALLOCATED_METHOD_KEYS, CONTRACT_APPLIED_KEYS } from '../spec/json-keys.js';
import type { FocusLevel } from '../spec/rules.js';
import { allocationElement, contractElement } from './json-elements.js';
import type { Emit, FocusRow } from './row.js';

const COLUMNS = {
  ContractApplied: { schemaRule: 'ContractAppliedSchema', known: CONTRACT_APPLIED_KEYS },
  AllocatedMethodDetails: { schemaRule: 'AllocatedMethodDetailsSchema', known: ALLOCATED_METHOD_KEYS },
} as const;

/** The JSON object columns: valid objects (unique keys, clean arrays, nesting ≤ 3 SHOULD) with their schema. */
export function checkJsonObjects(row: FocusRow, emit: Emit): void {
  for (const c of ['ContractApplied', 'AllocatedMethodDetails'] as const) {
    if (!row.has(c) || row.values[c] === null) continue;
    const parsed = jsonObject(row.values[c]);
    if (typeof parsed === 'string') {
      emit('JsonObjectFormat', c, `${c} ${parsed}`);
      continue;
    }
    for (const k of parsed.dupes) emit('JsonObjectFormat', c, `duplicate key '${k}'`);
    jsonObjectProblems(parsed.value, 1, (m, level) => emit('JsonObjectFormat', c, m, level));
    const { schemaRule, known } = COLUMNS[c];
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
      for (const [k, v] of Object.entries(o)) {
        if (!known.has(k) && !k.startsWith('x_')) {
          emit(schemaRule, c, `Elements[${n}] key '${k}' is not FOCUS-defined and lacks the x_ prefix`);
        }
        if (!isScalar(v)) {
          emit(schemaRule, c, `Elements[${n}].${k} MUST NOT be an object or array (KeyValueFormat)`);
        }
      }
      if (c === 'ContractApplied') contractElement(o, n, row, emit);
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
