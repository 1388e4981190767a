import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** Converts a Node request (plain, or Express from functions-framework with `rawBody`) to a Fetch Request. */
export function toFetchRequest(req: IncomingMessage & { rawBody?: Buffer; originalUrl?: string }): Request {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.originalUrl ?? req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  // functions-framework has already read the stream into rawBody; a plain server still has the stream.
  const body = req.rawBody ?? (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
}

/** Writes a Fetch Response to a Node response. */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  const buf = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.end(buf);
}
