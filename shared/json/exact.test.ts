import { describe, expect, it } from 'vitest';
import { JsonNumber, parseJsonExact, toJsonText, toPlainJson } from './exact.js';

describe('parseJsonExact', () => {
  it('keeps every number as its source text', () => {
    const value = parseJsonExact(
      ' {"a": [1, -0.10000000000000000001, 2.5e-7], "b": {"c": 12345678901234567890}} ',
    );
    expect(value).toEqual({
      a: [new JsonNumber('1'), new JsonNumber('-0.10000000000000000001'), new JsonNumber('2.5e-7')],
      b: { c: new JsonNumber('12345678901234567890') },
    });
  });

  it('reads strings, escapes, literals and empty containers like JSON.parse', () => {
    const text = '["a\\"b\\\\", "\\u00e9\\n", true, false, null, {}, [], ""]';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it('keeps __proto__ as an own key and reports repeated keys (the last value wins)', () => {
    const duplicates: string[] = [];
    const value = parseJsonExact('{"__proto__": {"x": 1}, "k": 1, "k": 2}', {
      onDuplicateKey: (key) => duplicates.push(key),
    }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'k']);
    expect(value.k).toEqual(new JsonNumber('2'));
    expect(duplicates).toEqual(['k']);
  });

  it.each([
    ['{"a":1', "expected ',' or '}' at position 6"],
    ['{"a" 1}', "expected ':' at position 5"],
    ['{a:1}', 'expected a string key at position 1'],
    ['[1 2]', "expected ',' or ']' at position 3"],
    ['"abc', 'unterminated string at position 4'],
    ['', 'unexpected end of input at position 0'],
    ['01', 'unexpected text after the JSON value at position 1'],
    ['NaN', 'unexpected character "N" at position 0'],
    ['[1] x', 'unexpected text after the JSON value at position 4'],
  ])('rejects %j: %s', (text, message) => {
    expect(() => parseJsonExact(text)).toThrow(new SyntaxError(message));
  });

  it('rejects control characters in strings and nesting deeper than 256', () => {
    expect(() => parseJsonExact('"a\nb"')).toThrow(SyntaxError);
    expect(() => parseJsonExact('['.repeat(258) + ']'.repeat(258))).toThrow(/nesting deeper than 256/);
    expect(() => parseJsonExact('['.repeat(257) + ']'.repeat(257))).not.toThrow();
  });
});

describe('toPlainJson and toJsonText', () => {
  it('makes numbers JS numbers when lossless, else exact plain decimal text', () => {
    const parsed = parseJsonExact(
      '{"a": 1.50, "b": 0.1, "c": 0.10000000000000000001, "d": 1e400, "e": [5e-06]}',
    );
    expect(toPlainJson(parsed)).toEqual({
      a: 1.5,
      b: 0.1,
      c: '0.10000000000000000001',
      d: `1${'0'.repeat(400)}`,
      e: [0.000005],
    });
    expect(toPlainJson(10n)).toBe('10');
  });

  it('writes JSON text with the numbers as read', () => {
    const text = '{"a":[1.50,-0.10000000000000000001],"b":null,"c":"x"}';
    expect(toJsonText(parseJsonExact(text))).toBe(text);
    expect(toJsonText({ d: new Date('2025-01-01T00:00:00Z'), n: 0.1, u: undefined, b: 2n })).toBe(
      '{"d":"2025-01-01T00:00:00.000Z","n":0.1,"b":2}',
    );
  });
});
