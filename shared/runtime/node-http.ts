import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { HttpError, methodNotAllowed } from '../http/http-error.js';
import { requestIdOf } from '../http/request.js';
import { errorResponse, secured } from '../http/respond.js';

type NodeRequest = IncomingMessage & { rawBody?: Buffer; originalUrl?: string };

/** The methods the routes serve (contracts/route.ts `HttpMethod`): what a 405's `Allow` offers. */
const SERVED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Methods a Fetch Request refuses to carry (TRACE/TRACK echo credentials; CONNECT opens a tunnel). */
const REFUSED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** `host[:port]` (RFC 3986): a registered name or IPv4 address, or an IPv6 literal in brackets. Nothing else. */
const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

const badRequest = (message: string) => new HttpError(400, 'BAD_REQUEST', message);

/** The request's origin from its Host header (absent or empty: localhost); a malformed one is a 400. */
function originOf(host: string | undefined): string {
  if (!host) return 'http://localhost';
  const m = HOST.exec(host);
  if (!m || Number(m[1] ?? 0) > 65535) throw badRequest('Malformed Host header.');
  try {
    return new URL(`http://${host}`).origin;
  } catch {
    throw badRequest('Malformed Host header.');
  }
}

/**
 * The path and query of the request target. Only the origin form (`/path?query`) and the absolute form (an http(s)
 * URL, whose path is taken) are requests for a resource; `*` and anything else are a 400. A target starting with `//`
 * stays a path: it never names a host.
 */
function pathOf(target: string): string {
  if (target.startsWith('/')) return target;
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      return `${url.pathname}${url.search}`;
    } catch {
      throw badRequest('Malformed request target.');
    }
  }
  throw badRequest('Malformed request target.');
}

/**
 * Converts a Node request (plain, or Express from functions-framework with `rawBody`) to a Fetch Request. A request
 * that cannot become one throws an HttpError: 405 for a method the API never serves, 400 for a bad Host or target.
 */
export function toFetchRequest(req: NodeRequest): Request {
  const method = req.method ?? 'GET';
  if (!TOKEN.test(method) || REFUSED_METHODS.has(method.toUpperCase()))
    throw methodNotAllowed(SERVED_METHODS);
  let url: URL;
  try {
    url = new URL(`${originOf(req.headers.host)}${pathOf(req.originalUrl ?? req.url ?? '/')}`);
  } catch (err) {
    throw err instanceof HttpError ? err : badRequest('Malformed request target.');
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  try {
    if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
    // functions-framework has already read the stream into rawBody; a plain server still has the stream.
    const body = req.rawBody ?? (Readable.toWeb(req) as ReadableStream<Uint8Array>);
    return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
  } catch {
    throw badRequest('Malformed request.');
  }
}

/** Writes a Fetch Response to a Node response, with the security headers every response carries. */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const sent = secured(response);
  res.statusCode = sent.status;
  sent.headers.forEach((value, key) => res.setHeader(key, value));
  const buf = sent.body ? Buffer.from(await sent.arrayBuffer()) : undefined;
  res.end(buf);
}

/**
 * The one way a Node server (the local gateway, a deployed function) serves a Fetch handler: a request that cannot
 * be converted answers its 4xx in the one error shape, a rejected handler a 500 that names nothing internal
 * (`onError` hears why); nothing thrown escapes into the server.
 */
export function serveFetch(
  handle: (req: Request) => Promise<Response>,
  onError: (err: unknown) => void = () => {},
): (req: NodeRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let response: Response;
    try {
      response = await handle(toFetchRequest(req));
    } catch (err) {
      if (!(err instanceof HttpError)) onError(err);
      const requestId = requestIdOf(
        new Headers({ 'x-request-id': String(req.headers['x-request-id'] ?? '') }),
      );
      response = errorResponse(err instanceof HttpError ? err : internalError(), requestId);
    }
    try {
      await writeResponse(res, response);
    } catch (err) {
      onError(err);
      res.destroy();
    }
  };
}

const internalError = () =>
  new HttpError(500, 'INTERNAL', 'Internal error. Quote the request id when reporting it.');

/** A plain Node request listener over `serveFetch`. */
export const nodeListener =
  (handle: (req: Request) => Promise<Response>, onError?: (err: unknown) => void): RequestListener =>
  (req, res) =>
    void serveFetch(handle, onError)(req, res);

/**
 * What Node's HTTP server answers to a request its parser refuses (a method it does not know, a malformed
 * request line or header) or to CONNECT: the one error shape instead of a bare status line, then the connection
 * closes.
 */
export function answerUnparsed(socket: Socket, err: Error & { code?: string }): void {
  if (!socket.writable) return void socket.destroy();
  const code = err.code ?? '';
  const error =
    code === 'HPE_INVALID_METHOD' || code === 'CONNECT'
      ? methodNotAllowed(SERVED_METHODS)
      : code === 'HPE_HEADER_OVERFLOW'
        ? new HttpError(431, 'HEADERS_TOO_LARGE', 'Request headers are too large.')
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new HttpError(408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.')
          : badRequest('Malformed request.');
  const response = errorResponse(error, requestIdOf(new Headers()));
  void response.text().then((body) => {
    const head = [`HTTP/1.1 ${response.status} ${statusText(response.status)}`];
    response.headers.forEach((value, key) => head.push(`${key}: ${value}`));
    head.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close');
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}

const statusText = (status: number) =>
  ({
    400: 'Bad Request',
    405: 'Method Not Allowed',
    408: 'Request Timeout',
    431: 'Request Header Fields Too Large',
  })[status] ?? 'Error';
