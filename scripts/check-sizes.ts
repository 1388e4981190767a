// `npm run check:sizes`: fails on a source file over 400 lines without a stated reason, and on a function
// over 80 lines (STYLE §11). Run by `npm run check` before the tests.
//
// Source: the repository's .ts/.tsx/.mts/.cts/.js/.mjs/.cjs files (tracked or new, not git-ignored), except
// tests and test support: `*.test.*`, `functions/__tests__/**`, `shared/testing/**`, and `.d.ts` files.
// A file may exceed 400 lines when a line `// size: <reason>` within its first 10 lines says why (at least
// three words), e.g. `// size: the FOCUS 1.3 column catalogue as one data table`.
// Functions: function declarations, methods (with constructors and accessors), and arrow or function
// expressions bound to a variable, a property (object literal, class field) or an assignment target.
// Anonymous callbacks are measured as part of the function around them. A function's length is its end line
// minus its start line plus one; a nested function also counts toward the one around it. No marker
// exempts a function: split it into named phases.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const FILE_LIMIT = 400;
export const FUNCTION_LIMIT = 80;
const MARKER_WITHIN_LINES = 10;
const MARKER = /^\s*\/\/\s*size:\s*(.*)$/;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const EXCLUDED = [/\.d\.[mc]?ts$/, /\.test\.[^/]+$/, /^functions\/__tests__\//, /^shared\/testing\//];

export type Violation = {
  kind: 'file' | 'function';
  path: string;
  line: number;
  name: string;
  lines: number;
  limit: number;
};
export type MeasuredFunction = { name: string; line: number; lines: number };

/** Whether a repository-relative path is source this check measures. */
export function isSource(path: string): boolean {
  return SOURCE.test(path) && !EXCLUDED.some((pattern) => pattern.test(path));
}

/** The file's line count as `wc -l` would give it for a newline-terminated file. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/** The reason given by a `// size: <reason>` line near the top, or undefined when there is none worth the name. */
export function sizeReason(text: string): string | undefined {
  for (const line of text.split('\n').slice(0, MARKER_WITHIN_LINES)) {
    const reason = MARKER.exec(line)?.[1]?.trim();
    if (reason !== undefined) return reason.split(/\s+/).length >= 3 ? reason : undefined;
  }
  return undefined;
}

function propertyName(name: ts.PropertyName | ts.BindingName, source: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(source);
}

function className(node: ts.Node): string | undefined {
  const parent = node.parent;
  if ((ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) && parent.name) return parent.name.text;
  return undefined;
}

function qualified(node: ts.Node, name: string): string {
  const owner = className(node);
  return owner ? `${owner}.${name}` : name;
}

/** Strips parentheses and type assertions (`as`, `satisfies`, `!`) around an expression. */
function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function isFunctionExpression(expression: ts.Expression | undefined): boolean {
  if (!expression) return false;
  const inner = unwrap(expression);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

/** The name of a function this check measures, or undefined for one it does not (anonymous callbacks). */
function measuredName(node: ts.Node, source: ts.SourceFile): string | undefined {
  if (ts.isFunctionDeclaration(node)) return node.name?.text ?? 'default';
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    return qualified(node, propertyName(node.name, source));
  }
  if (ts.isConstructorDeclaration(node)) return qualified(node, 'constructor');
  if (ts.isVariableDeclaration(node) && isFunctionExpression(node.initializer)) {
    return propertyName(node.name, source);
  }
  if (ts.isPropertyAssignment(node) && isFunctionExpression(node.initializer)) {
    return propertyName(node.name, source);
  }
  if (ts.isPropertyDeclaration(node) && isFunctionExpression(node.initializer)) {
    return qualified(node, propertyName(node.name, source));
  }
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    isFunctionExpression(node.right)
  ) {
    return node.left.getText(source);
  }
  return undefined;
}

/** The span measured for a named node: the function itself, not the declaration that binds it. */
function functionSpan(node: ts.Node): ts.Node {
  if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
    return unwrap(node.initializer!);
  }
  if (ts.isBinaryExpression(node)) return unwrap(node.right);
  return node;
}

/** Every measured function in one source text, in source order. */
export function measureFunctions(path: string, text: string): MeasuredFunction[] {
  const kind = /\.(tsx|jsx)$/.test(path) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const found: MeasuredFunction[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    const name = measuredName(node, source);
    if (name !== undefined) {
      const span = functionSpan(node);
      const line = lineOf(span.getStart(source));
      found.push({ name, line, lines: lineOf(span.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The size violations of one source file. */
export function checkSource(path: string, text: string): Violation[] {
  const violations: Violation[] = [];
  const lines = countLines(text);
  if (lines > FILE_LIMIT && sizeReason(text) === undefined) {
    violations.push({ kind: 'file', path, line: 1, name: '(file)', lines, limit: FILE_LIMIT });
  }
  for (const fn of measureFunctions(path, text)) {
    if (fn.lines > FUNCTION_LIMIT) {
      violations.push({ kind: 'function', path, ...fn, limit: FUNCTION_LIMIT });
    }
  }
  return violations;
}

/** One line per violation: `path:line name N lines (limit L)`. */
export function formatViolation(violation: Violation): string {
  const { path, line, name, lines, limit } = violation;
  return `${path}:${line} ${name} ${lines} lines (limit ${limit})`;
}

/** The summary line after the violations. */
export function summarize(violations: Violation[], filesChecked: number): string {
  const files = violations.filter((violation) => violation.kind === 'file').length;
  const functions = violations.length - files;
  if (violations.length === 0) {
    return `check-sizes: ${filesChecked} source files, none over ${FILE_LIMIT} lines without a reason, no function over ${FUNCTION_LIMIT} lines`;
  }
  return (
    `check-sizes: ${files} file(s) over ${FILE_LIMIT} lines without a "// size: <reason>" line in the first ` +
    `${MARKER_WITHIN_LINES}, ${functions} function(s) over ${FUNCTION_LIMIT} lines (split into named phases), ` +
    `in ${filesChecked} source files`
  );
}

/** Repository-relative source paths: tracked files plus new ones git does not ignore, still present on disk. */
function sourcePaths(root: string): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const paths = new Set(listed.split('\0').filter((path) => path !== '' && isSource(path)));
  return [...paths].filter((path) => existsSync(`${root}/${path}`)).sort();
}

function main(): void {
  const root = process.cwd();
  const paths = sourcePaths(root);
  const violations = paths.flatMap((path) => checkSource(path, readFileSync(`${root}/${path}`, 'utf8')));
  for (const violation of violations) console.log(formatViolation(violation));
  console.log(summarize(violations, paths.length));
  if (violations.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
