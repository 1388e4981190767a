import { describe, expect, it } from 'vitest';
import {
  FILE_LIMIT,
  FUNCTION_LIMIT,
  checkSource,
  countLines,
  formatViolation,
  isSource,
  measureFunctions,
  sizeReason,
  summarize,
} from './check-sizes.js';

/** `count` filler statements, one per line. */
const body = (count: number) => Array.from({ length: count }, (_, i) => `  const v${i} = ${i};`).join('\n');

/** A function of exactly `lines` lines (header and closing brace included), bound the way `wrap` says. */
const fn = (lines: number, wrap: (body: string) => string) => wrap(body(lines - 2));

describe('measureFunctions', () => {
  it('measures declarations, methods, accessors, constructors and bound arrow / function expressions', () => {
    const text = [
      'export function declared() {', // 1
      '  return 1;',
      '}', // 3
      'const arrow = async (x: number) => {', // 4
      '  return x;',
      '};', // 6
      'const expr = function () {', // 7
      '};', // 8
      'class Store {', // 9
      '  constructor() {}', // 10
      '  get size() { return 0; }', // 11
      '  load() {', // 12
      '    return 1;',
      '  }', // 14
      '  field = () => 1;', // 15
      '}',
      'const routes = { list: () => 1, get(id: string) { return id; } };', // 17
      'exports.handler = (() => 2) as unknown;', // 18
      'const wrapped = (() => {', // 19
      '}) satisfies () => void;', // 20
      'export default function () {}', // 21
    ].join('\n');
    expect(measureFunctions('x.ts', text)).toEqual([
      { name: 'declared', line: 1, lines: 3 },
      { name: 'arrow', line: 4, lines: 3 },
      { name: 'expr', line: 7, lines: 2 },
      { name: 'Store.constructor', line: 10, lines: 1 },
      { name: 'Store.size', line: 11, lines: 1 },
      { name: 'Store.load', line: 12, lines: 3 },
      { name: 'Store.field', line: 15, lines: 1 },
      { name: 'list', line: 17, lines: 1 },
      { name: 'get', line: 17, lines: 1 },
      { name: 'exports.handler', line: 18, lines: 1 },
      { name: 'wrapped', line: 19, lines: 2 },
      { name: 'default', line: 21, lines: 1 },
    ]);
  });

  it('leaves anonymous callbacks to the function around them, and counts nested functions in their outer one', () => {
    const text = ['function outer() {', '  [1].map((x) => x);', '  const inner = () => {', '  };', '}'].join(
      '\n',
    );
    expect(measureFunctions('x.ts', text)).toEqual([
      { name: 'outer', line: 1, lines: 5 },
      { name: 'inner', line: 3, lines: 2 },
    ]);
  });

  it('parses TSX', () => {
    expect(measureFunctions('x.tsx', 'const View = () => (\n  <div>hi</div>\n);')).toEqual([
      { name: 'View', line: 1, lines: 3 },
    ]);
  });
});

describe('checkSource', () => {
  it(`passes a function of ${FUNCTION_LIMIT} lines and fails one of ${FUNCTION_LIMIT + 1}`, () => {
    const atLimit = fn(FUNCTION_LIMIT, (b) => `function fits() {\n${b}\n}`);
    expect(checkSource('a.ts', atLimit)).toEqual([]);
    const over = fn(FUNCTION_LIMIT + 1, (b) => `const tooLong = () => {\n${b}\n};`);
    expect(checkSource('a.ts', `// one\n${over}\n`)).toEqual([
      {
        kind: 'function',
        path: 'a.ts',
        line: 2,
        name: 'tooLong',
        lines: FUNCTION_LIMIT + 1,
        limit: FUNCTION_LIMIT,
      },
    ]);
  });

  it('fails a long method even inside a file with a size reason', () => {
    const method = fn(FUNCTION_LIMIT + 5, (b) => `  run() {\n${b}\n  }`);
    const violations = checkSource('a.ts', `// size: one big catalogue table\nclass Job {\n${method}\n}\n`);
    expect(violations.map(formatViolation)).toEqual([
      `a.ts:3 Job.run ${FUNCTION_LIMIT + 5} lines (limit 80)`,
    ]);
  });

  it(`fails a file over ${FILE_LIMIT} lines unless a "// size: <reason>" line near the top says why`, () => {
    const long =
      Array.from({ length: FILE_LIMIT + 1 }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n';
    expect(checkSource('big.ts', long).map(formatViolation)).toEqual([
      `big.ts:1 (file) ${FILE_LIMIT + 1} lines (limit ${FILE_LIMIT})`,
    ]);
    expect(checkSource('big.ts', `// size: the FOCUS column catalogue, one table\n${long}`)).toEqual([]);
    expect(checkSource('big.ts', `// size: ok\n${long}`)).toHaveLength(1);
    const exact = Array.from({ length: FILE_LIMIT }, () => 'x;').join('\n') + '\n';
    expect(checkSource('fits.ts', exact)).toEqual([]);
  });
});

describe('helpers', () => {
  it('treats tests and test support as not source', () => {
    expect(isSource('shared/focus/upgrade.ts')).toBe(true);
    expect(isSource('web/src/app.tsx')).toBe(true);
    expect(isSource('scripts/ensure-deps.mjs')).toBe(true);
    expect(isSource('shared/focus/upgrade.test.ts')).toBe(false);
    expect(isSource('scripts/build.int.test.ts')).toBe(false);
    expect(isSource('functions/__tests__/helpers.ts')).toBe(false);
    expect(isSource('shared/testing/prng.ts')).toBe(false);
    expect(isSource('types/env.d.ts')).toBe(false);
    expect(isSource('procedures/x.sql')).toBe(false);
  });

  it('counts lines like wc -l, and reads the reason only from the first lines', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\nb\n')).toBe(2);
    expect(countLines('a\nb')).toBe(2);
    expect(sizeReason('#!/usr/bin/env node\n// size: one generated price table\n')).toBe(
      'one generated price table',
    );
    expect(sizeReason('\n'.repeat(10) + '// size: too far down to count\n')).toBeUndefined();
  });

  it('summarizes', () => {
    expect(summarize([], 3)).toMatch(/^check-sizes: 3 source files, none over/);
    const line = summarize(
      [
        { kind: 'file', path: 'a.ts', line: 1, name: '(file)', lines: 500, limit: FILE_LIMIT },
        { kind: 'function', path: 'a.ts', line: 9, name: 'f', lines: 90, limit: FUNCTION_LIMIT },
      ],
      3,
    );
    expect(line).toMatch(/1 file\(s\) over 400 lines .* 1 function\(s\) over 80 lines/);
  });
});
