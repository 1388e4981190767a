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
  return new ExactParser(text, options).whole('JSON value');
}

/** What the exact-JSON and literal parsers share: the position, failing there, words and numbers, the whole text. */
export abstract class TextParser {
  i = 0;
  constructor(protected readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.i}`);
  }

  abstract skipSpace(): void;
  abstract value(depth: number): unknown;

  /** The text's one value, nothing but space after it (`name` says what kind, for that error). */
  whole(name: string): unknown {
    const value = this.value(0);
    this.skipSpace();
    if (this.i < this.text.length) this.fail(`unexpected text after the ${name}`);
    return value;
  }

  /** The word (`words` in order) or number (a sticky regex; as a `JsonNumber`) at the position, read past. */
  protected scalar(words: readonly (readonly [string, unknown])[], number: RegExp): unknown {
    const { text } = this;
    for (const [word, value] of words) {
      if (text.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    number.lastIndex = this.i;
    const m = number.exec(text);
    if (m) {
      this.i += m[0].length;
      return new JsonNumber(m[0]);
    }
    const c = text[this.i];
    return this.fail(
      c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
    );
  }
}

class ExactParser extends TextParser {
  constructor(
    text: string,
    private readonly options: ParseJsonExactOptions,
  ) {
    super(text);
  }

  override skipSpace(): void {
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

  /** Past an opening bracket and the space after it: true when the container closes at once (it is empty). */
  private opens(close: string): boolean {
    this.i++;
    this.skipSpace();
    if (this.text[this.i] !== close) return false;
    this.i++;
    return true;
  }

  /** After an item: true past the container's closing `close`, false past a comma; anything else fails. */
  private closes(close: string): boolean {
    this.skipSpace();
    if (this.text[this.i] === ',') {
      this.i++;
      return false;
    }
    if (this.text[this.i] !== close) this.fail(`expected ',' or '${close}'`);
    this.i++;
    return true;
  }

  private object(depth: number): Record<string, unknown> {
    const { text } = this;
    const object: Record<string, unknown> = {};
    if (this.opens('}')) return object;
    do {
      this.skipSpace();
      if (text[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (text[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      const item = this.value(depth + 1);
      if (this.options.onDuplicateKey && Object.hasOwn(object, key)) this.options.onDuplicateKey(key);
      setJsonKey(object, key, item);
    } while (!this.closes('}'));
    return object;
  }

  private array(depth: number): unknown[] {
    const array: unknown[] = [];
    if (this.opens(']')) return array;
    do array.push(this.value(depth + 1));
    while (!this.closes(']'));
    return array;
  }

  override value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    return this.scalar(WORDS, JSON_NUMBER);
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
