/**
 * JSON or a Python literal (the `repr` of lists, tuples, dicts, strings, numbers, None / True / False), as
 * koku's flattened GCP CSVs write `credits` and `labels`: `[{'name': 'FreeTrial', 'amount': -5e-06, 'full_name':
 * None}]`. Numbers are kept exact as `JsonNumber`, like `parseJsonExact`; tuples read as arrays.
 */
import { setJsonKey, TextParser } from './exact.js';

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORDS = [
  ['None', null],
  ['null', null],
  ['True', true],
  ['true', true],
  ['False', false],
  ['false', false],
] as const;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };
/** \xHH, \uHHHH (JSON, Python) and \UHHHHHHHH (Python): hex digits after the letter. */
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };
const CLOSE: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
const MAX_DEPTH = 64;

/**
 * Parses JSON or a Python literal: strings in single or double quotes with backslash escapes; numbers become
 * `JsonNumber` (exact text). Throws SyntaxError (`<what> at position <i>`).
 */
export function parseLiteral(text: string): unknown {
  return new LiteralParser(text).whole('value');
}

class LiteralParser extends TextParser {
  override skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  private escape(out: string): string {
    const { text } = this;
    const e = text[this.i++];
    if (e === undefined) return this.fail('unterminated string');
    const digits = HEX_ESCAPES[e];
    if (!digits) return out + (ESCAPES[e] ?? e);
    const hex = text.slice(this.i, this.i + digits);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) this.fail(`bad \\${e} escape`);
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) this.fail(`bad \\${e} escape`);
    this.i += digits;
    return out + String.fromCodePoint(code);
  }

  private string(): string {
    const quote = this.text[this.i++];
    let out = '';
    for (;;) {
      const c = this.text[this.i++];
      if (c === undefined) return this.fail('unterminated string');
      if (c === quote) return out;
      out = c === '\\' ? this.escape(out) : out + c;
    }
  }

  /** A list, tuple (both as arrays) or dict, from its opening bracket. */
  private container(open: string, depth: number): unknown {
    const close = CLOSE[open]!;
    this.i++;
    const list: unknown[] = [];
    const record: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === close) {
        this.i++;
        return open === '{' ? record : list;
      }
      if (open === '{') {
        const key = this.value(depth + 1);
        if (typeof key !== 'string') this.fail('expected a string key');
        this.skipSpace();
        if (this.text[this.i++] !== ':') this.fail("expected ':'");
        setJsonKey(record, key as string, this.value(depth + 1));
      } else list.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  override value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const { text } = this;
    const c = text[this.i];
    if (c !== undefined && CLOSE[c] !== undefined) return this.container(c, depth);
    if (c === "'" || c === '"') return this.string();
    return this.scalar(WORDS, NUMBER);
  }
}
