// UnitFormat (FOCUS 1.3 specification, §2): `[quantity ]unit[-unit][/[quantity ]unit]`, with the plural and
// casing rules of the attribute. Checked (SHOULD) for PricingUnit, ConsumedUnit and CommitmentDiscountUnit.
import {
  DATA_SIZE_UNITS,
  KNOWN_UNITS,
  KNOWN_UNITS_LOWER,
  SPELLED_DATA_SIZE,
  TIME_ABBREVIATIONS,
  TIME_SINGULAR,
} from '../spec/units.js';

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
