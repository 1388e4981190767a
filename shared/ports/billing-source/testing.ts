/**
 * Test support for the billing source adapters: a local HTTP(S) server that records requests, and a fake S3
 * (path-style ListObjectsV2 + GetObject, SigV4 verified) used by the adapter test and the pipeline test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import aws4 from 'aws4';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (Azure's SDKs send bearer tokens over https only). */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cloudact-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem')],
        ...['-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a server on 127.0.0.1 (ephemeral port) answering with `handle`; https when `tls` is given. */
export async function startTestServer(
  handle: (req: RecordedRequest) => Reply | Promise<Reply>,
  tls?: { key: string; cert: string },
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve()
        .then(() => handle(recorded))
        .then(
          (reply) => res.writeHead(reply.status, reply.headers ?? {}).end(reply.body),
          (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
        );
    });
  };
  const server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const s3Error = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
});

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

export interface FakeS3Options {
  /** bucket → key → bytes */
  buckets: Record<string, Record<string, Buffer>>;
  keys: { access_key_id: string; secret_access_key: string };
  /** Buckets the keys may not read (403 AccessDenied). */
  denied?: string[];
  /** Keys per ListObjectsV2 page (the real default is 1,000). */
  pageSize?: number;
}

/**
 * S3 in its documented REST-XML wire format, path-style (`/<bucket>?list-type=2…`, `/<bucket>/<key>`): every
 * request must carry a SigV4 Authorization header that verifies with the registered secret.
 */
export function fakeS3(options: FakeS3Options): (req: RecordedRequest) => Reply {
  return (req) => {
    const auth = SIGV4.exec(String(req.headers.authorization ?? ''));
    if (!auth) return s3Error(403, 'AccessDenied', 'Missing SigV4 Authorization header');
    const [, accessKeyId, , region, signedHeaders = '', signature] = auth;
    if (accessKeyId !== options.keys.access_key_id)
      return s3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
    const resigned = aws4.sign(
      { service: 's3', region, method: req.method, host: headers.host, path: req.url, headers },
      { accessKeyId, secretAccessKey: options.keys.secret_access_key },
    );
    if (!String(resigned.headers?.Authorization ?? '').endsWith(`Signature=${signature}`))
      return s3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    const [, bucket = '', ...rest] = req.path.split('/');
    const objects = options.buckets[bucket];
    if (!objects) return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (options.denied?.includes(bucket)) return s3Error(403, 'AccessDenied', 'Access Denied');
    const key = rest.join('/');
    if (req.method === 'GET' && key === '' && req.query.get('list-type') === '2') {
      const prefix = req.query.get('prefix') ?? '';
      const all = Object.keys(objects)
        .filter((k) => k.startsWith(prefix))
        .sort();
      const token = req.query.get('continuation-token');
      const start = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
      const size = options.pageSize ?? 1000;
      const page = all.slice(start, start + size);
      const truncated = start + size < all.length;
      const contents = page
        .map(
          (k) =>
            `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2025-02-01T00:00:00.000Z</LastModified><ETag>&quot;0&quot;</ETag><Size>${objects[k]!.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      const next = truncated
        ? `<NextContinuationToken>${Buffer.from(String(start + size)).toString('base64')}</NextContinuationToken>`
        : '';
      return {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${size}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${token ? `<ContinuationToken>${token}</ContinuationToken>` : ''}${next}${contents}</ListBucketResult>`,
      };
    }
    if (req.method === 'GET' && key !== '') {
      const body = objects[key];
      if (!body) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return {
        status: 200,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(body.length),
          etag: '"0"',
          'last-modified': 'Sat, 01 Feb 2025 00:00:00 GMT',
        },
        body,
      };
    }
    return s3Error(400, 'InvalidRequest', `The fake has no operation for ${req.method} ${req.url}`);
  };
}
