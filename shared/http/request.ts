import { randomUUID } from 'node:crypto';
import { invalidInput } from '../errors/index.js';
import { payloadTooLarge, unsupportedMediaType } from './http-error.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a well-formed client `X-Request-ID`, otherwise mints one. */
export const requestIdOf = (headers: Headers) => {
  const given = headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
};

/** Query string as an object; a repeated name becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Reads and parses a JSON body (or takes a `text/csv` one as a string) within `limit` bytes. Empty: `undefined`. */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const buf = await readBytes(req, limit);
  if (buf.length === 0) return undefined;
  const type = req.headers.get('content-type') ?? '';
  // A CSV upload (e.g. a hierarchy import) arrives as its text; the route's body schema decides whether it takes one.
  if (/^text\/csv\b/i.test(type)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      throw invalidInput('Request body is not valid UTF-8 text.');
    }
    return assertStorableText('body', text);
  }
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw unsupportedMediaType();
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf));
  } catch {
    throw invalidInput('Request body is not valid JSON.');
  }
  return assertStorableText('body', value);
}

/** Reads a body as UTF-8 text, exactly as sent, within `limit` bytes (a signed webhook). Empty: `''`. */
export async function readTextBody(req: Request, limit: number): Promise<string> {
  const buf = await readBytes(req, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw invalidInput('Request body is not valid UTF-8 text.');
  }
}

/** The deepest nesting of objects and arrays a request value may have (no contract comes near it). */
export const MAX_JSON_DEPTH = 64;

/**
 * `value` (a parsed body, query or path parameters, named `where`) when every string in it can be stored: PostgreSQL
 * `text` cannot hold U+0000, so a NUL would fail deep in a use case as a 500; it is a 400 naming the field here. Also
 * refuses nesting deeper than MAX_JSON_DEPTH, which would overflow the stack of recursive validators. Iterative.
 */
export function assertStorableText<T>(where: string, value: T): T {
  const stack: [unknown, string, number][] = [[value, where, 0]];
  while (stack.length) {
    const [v, field, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw nulCharacter(field);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH)
      throw invalidInput(`Request ${where} is nested deeper than ${MAX_JSON_DEPTH} levels.`, [
        { field, message: `nested deeper than ${MAX_JSON_DEPTH} levels`, code: 'too_deep' },
      ]);
    for (const [k, child] of Object.entries(v)) {
      if (k.includes('\u0000')) throw nulCharacter(field);
      stack.push([child, `${field}.${k}`, depth + 1]);
    }
  }
  return value;
}

const nulCharacter = (field: string) =>
  invalidInput(`${field} contains a NUL character (\\u0000), which text cannot hold.`, [
    { field, message: 'contains a NUL character (\\u0000)', code: 'nul_character' },
  ]);

async function readBytes(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw payloadTooLarge(limit);
  return req.body ? readLimited(req.body, limit) : new Uint8Array();
}

async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
