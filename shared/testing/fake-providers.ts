import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderEndpoints } from '../ports/provider-check/port.js';
import { awsRoutes } from './fake-providers/aws.js';
import { azureRoutes } from './fake-providers/azure.js';
import { genaiRoutes } from './fake-providers/genai.js';
import { googleRoutes } from './fake-providers/google.js';
import { ociRoutes } from './fake-providers/oci.js';
import {
  emptySecrets,
  json,
  type FailureMode,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
  type FakeSecrets,
  type FakeService,
  type FakeState,
} from './fake-providers/route.js';

export type { FailureMode, FakeRoute, FakeSecrets, FakeService } from './fake-providers/route.js';

/** The route table, by provider family; add usage endpoints to the family's file. */
export const fakeRoutes: FakeRoute[] = [
  ...genaiRoutes,
  ...googleRoutes,
  ...awsRoutes,
  ...azureRoutes,
  ...ociRoutes,
];

/** A running fake: base URL, endpoints to pass to adapters, switches, and the request log. */
export interface FakeProviders {
  url: string;
  endpoints: ProviderEndpoints;
  /** Config values for settings that are not environment endpoints (Azure OpenAI resource, Azure blob, Vertex). */
  urls: { azureOpenAI: string; azureBlob: string; vertex: string };
  /** Replaces the valid secrets of one provider family. */
  setValid<K extends keyof FakeSecrets>(family: K, entries: FakeSecrets[K]): void;
  /** Makes one service fail (`none` restores it). */
  setFailure(service: FakeService, mode: FailureMode): void;
  requests: FakeState['requests'];
  /** Forgets valid secrets, issued tokens, failure switches and the request log. */
  reset(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function match(routes: FakeRoute[], method: string, path: string) {
  for (const route of routes) {
    const m = route.path.exec(path);
    if (m && (route.method === '*' || route.method === method)) return { route, params: m.slice(1) };
  }
  return undefined;
}

async function dispatch(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.url);
  const found = match(fakeRoutes, req.method ?? 'GET', url.pathname);
  const body = await readBody(req);
  const fake: FakeRequest = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    params: found?.params ?? [],
  };
  let answer: FakeResponse;
  if (!found) {
    answer = json(404, {
      error: { code: 404, message: `fake-providers: no route for ${fake.method} ${fake.path}` },
    });
  } else {
    const service =
      typeof found.route.service === 'function' ? found.route.service(fake) : found.route.service;
    state.requests.push({ service, method: fake.method, url: fake.url, headers: req.headers });
    const failure = state.failures.get(service) ?? 'none';
    if (failure === 'timeout') return; // never answered; close() drops the connection
    if (failure === 'reset') return void req.socket.destroy();
    if (failure === 'http500') {
      answer = json(500, {
        error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' },
      });
    } else if (failure === 'http429') {
      answer = json(429, {
        error: { code: 429, message: 'Rate limit exceeded.', status: 'RESOURCE_EXHAUSTED' },
      });
    } else {
      answer = await found.route.handle(fake, state);
    }
  }
  res.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
}

/** Starts ONE local server on 127.0.0.1 (ephemeral port) answering in each provider's documented format. */
export async function startFakeProviders(options: { timeoutMs?: number } = {}): Promise<FakeProviders> {
  const state: FakeState = {
    url: '',
    valid: emptySecrets(),
    tokens: new Map(),
    failures: new Map(),
    requests: [],
  };
  const server = createServer((req, res) => {
    dispatch(state, req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake-providers crashed: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.url = url;
  return {
    url,
    endpoints: {
      ENVIRONMENT: 'test',
      OPENAI_BASE_URL: `${url}/openai/v1`,
      ANTHROPIC_BASE_URL: `${url}/anthropic`,
      GEMINI_BASE_URL: `${url}/gemini`,
      DEEPSEEK_BASE_URL: `${url}/deepseek`,
      GCP_OAUTH_TOKEN_URL: `${url}/google/token`,
      BIGQUERY_API_URL: `${url}/bq`,
      AWS_ENDPOINT_URL: `${url}/aws`,
      AZURE_AUTHORITY_HOST: `${url}/azure-login`,
      OCI_ENDPOINT_URL: `${url}/oci`,
      PROVIDER_TIMEOUT_MS: options.timeoutMs ?? 5_000,
    },
    urls: { azureOpenAI: `${url}/azure-openai`, azureBlob: `${url}/azure-blob`, vertex: `${url}/vertex` },
    setValid: (family, entries) => void (state.valid[family] = entries),
    setFailure: (service, mode) => void state.failures.set(service, mode),
    requests: state.requests,
    reset() {
      state.valid = emptySecrets();
      state.tokens.clear();
      state.failures.clear();
      state.requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Environment pointing every provider base URL at the fake provider server (tests, benches, the demo). */
export function fakeProviderEnv(fake: { endpoints: Record<string, unknown> }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fake.endpoints).filter(([k, v]) => k.endsWith('_URL') && typeof v === 'string') as [
      string,
      string,
    ][],
  );
}
