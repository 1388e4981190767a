import { describe, expect, it } from 'vitest';
import { JsonNumber } from './exact.js';
import { parseLiteral } from './literal.js';

describe('parseLiteral', () => {
  it('reads Python literals (koku CSVs) with exact numbers', () => {
    expect(
      parseLiteral(
        `[{'name': 'It\\'s "free"', 'amount': -5e-06, 'full_name': None, 'ok': True}, ("a", 1.50, .5, 1.)]`,
      ),
    ).toEqual([
      { name: `It's "free"`, amount: new JsonNumber('-5e-06'), full_name: null, ok: true },
      ['a', new JsonNumber('1.50'), new JsonNumber('.5'), new JsonNumber('1.')],
    ]);
  });

  it('reads JSON and escapes (\\x, \\u, \\U, unknown escapes kept)', () => {
    expect(parseLiteral('{"a": [true, false, null], "b": "\\u00e9\\x41\\U0001F600\\q\\n"}')).toEqual({
      a: [true, false, null],
      b: 'éA😀q\n',
    });
    const proto = parseLiteral("{'__proto__': 1}") as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it.each([
    ["[{'amount': -1", "expected ',' or '}' at position 14"],
    ["{1: 'a'}", 'expected a string key at position 2'],
    ["'abc", 'unterminated string at position 5'],
    ["'\\x4'", 'bad \\x escape at position 3'],
    ['[1] 2', 'unexpected text after the value at position 4'],
    ['', 'unexpected end of input at position 0'],
  ])('rejects %j: %s', (text, message) => {
    expect(() => parseLiteral(text)).toThrow(new SyntaxError(message));
  });

  it('rejects nesting deeper than 64', () => {
    expect(() => parseLiteral('['.repeat(66) + ']'.repeat(66))).toThrow(/nesting deeper than 64/);
  });
});
