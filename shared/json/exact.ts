/**
 * Exact JSON: numbers keep the text they were written with, so money in JSON never passes through a double.
 *
 * - `parseJsonExact(text, options?)`: the parsed value with every number as a `JsonNumber` (its source text);
 *   throws SyntaxError (`<what> at position <i>`).
 * - `toPlainJson(value)`: the same value with each `JsonNumber` as a JS number when that is lossless, otherwise
 *   its exact decimal text (plain notation: `1e400` → `'1000…0'`).
 * - `toJsonText(value)`: JSON text with the numbers exactly as read.
 *
 * A `__proto__` key stays an own key (never the prototype). A repeated key keeps its last value; pass
 * `onDuplicateKey` to learn about it.
 */
import { Decimal } from 'decimal.js';

/** A JSON number as written in the source (never converted to a double on the way in). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export interface ParseJsonExactOptions {
  /** Called for each key an object repeats (its last value is kept). */
  onDuplicateKey?: (key: string) => void;
}

/** Sets an own key, `__proto__` included (assignment would set the prototype). */
export function setJsonKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORDS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;
const MAX_DEPTH = 256;

/** Parses JSON text; numbers become `JsonNumber`. Throws SyntaxError. */
export function parseJsonExact(text: string, options: ParseJsonExactOptions = {}): unknown {
  const parser = new ExactParser(text, options);
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.i < text.length) parser.fail('unexpected text after the JSON value');
  return value;
}

class ExactParser {
  i = 0;
  constructor(
    private readonly text: string,
    private readonly options: ParseJsonExactOptions,
  ) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.i}`);
  }

  skipSpace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  /** A string token: found by its closing quote, decoded (escapes, control characters) by JSON.parse. */
  private string(): string {
    const { text } = this;
    const start = this.i;
    this.i++;
    for (;;) {
      const quote = text.indexOf('"', this.i);
      if (quote < 0) {
        this.i = text.length;
        return this.fail('unterminated string');
      }
      let backslashes = 0;
      for (let j = quote - 1; j > start && text[j] === '\\'; j--) backslashes++;
      this.i = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    return JSON.parse(text.slice(start, this.i)) as string;
  }

  private object(depth: number): Record<string, unknown> {
    const { text } = this;
    this.i++;
    const object: Record<string, unknown> = {};
    this.skipSpace();
    if (text[this.i] === '}') {
      this.i++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (text[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (text[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      const item = this.value(depth + 1);
      if (this.options.onDuplicateKey && Object.hasOwn(object, key)) this.options.onDuplicateKey(key);
      setJsonKey(object, key, item);
      this.skipSpace();
      if (text[this.i] === ',') this.i++;
      else if (text[this.i] === '}') {
        this.i++;
        return object;
      } else this.fail("expected ',' or '}'");
    }
  }

  private array(depth: number): unknown[] {
    const { text } = this;
    this.i++;
    const array: unknown[] = [];
    this.skipSpace();
    if (text[this.i] === ']') {
      this.i++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth + 1));
      this.skipSpace();
      if (text[this.i] === ',') this.i++;
      else if (text[this.i] === ']') {
        this.i++;
        return array;
      } else this.fail("expected ',' or ']'");
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const { text } = this;
    const c = text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (text.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    JSON_NUMBER.lastIndex = this.i;
    const number = JSON_NUMBER.exec(text);
    if (number) {
      this.i += number[0].length;
      return new JsonNumber(number[0]);
    }
    return this.fail(
      c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
    );
  }
}

/** JSON text of a value, numbers exactly as read (JsonNumber text, JS numbers shortest round-trip). */
export function toJsonText(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A parsed value for callers: each JsonNumber becomes a JS number when that is lossless, otherwise (more than
 * 17 significant digits, out of double range) its exact decimal text in plain notation. Bigints become text.
 */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof JsonNumber) {
    const number = Number(value.text);
    if (String(number) === value.text) return number;
    const exact = new Decimal(value.text);
    return Number.isFinite(number) && exact.eq(String(number)) ? number : exact.toFixed();
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setJsonKey(out, key, toPlainJson(item));
    return out;
  }
  return typeof value === 'bigint' ? value.toString() : value;
}
