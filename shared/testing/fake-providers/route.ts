import type { IncomingHttpHeaders } from 'node:http';

/** Upstream services the fake answers for; failures are switched per service. */
export type FakeService =
  | 'openai'
  | 'anthropic'
  | 'gemini'
  | 'deepseek'
  | 'azure_openai'
  | 'google_oauth'
  | 'bigquery'
  | 'vertex'
  | 'sts'
  | 's3'
  | 'bedrock'
  | 'azure_login'
  | 'azure_blob'
  | 'oci';

/** `none` answers normally; `http500`/`http429` answer so; `timeout` never answers; `reset` drops the connection. */
export type FailureMode = 'none' | 'http500' | 'http429' | 'timeout' | 'reset';

/** Valid secrets per provider family; `access` lists the resources (bucket, table, container) a key may read. */
export interface FakeSecrets {
  openai: string[];
  anthropic: string[];
  gemini: string[];
  deepseek: string[];
  azure_openai: string[];
  aws: { access_key_id: string; secret_access_key: string; account: string; access?: string[] }[];
  google: { client_email: string; public_key: string; access?: string[] }[];
  azure: { tenant_id: string; client_id: string; client_secret: string; access?: string[] }[];
  oci: { key_id: string; public_key: string; access?: string[] }[];
}

/** No valid secrets at all. */
export const emptySecrets = (): FakeSecrets => ({
  openai: [],
  anthropic: [],
  gemini: [],
  deepseek: [],
  azure_openai: [],
  aws: [],
  google: [],
  azure: [],
  oci: [],
});

/** Mutable state shared by all routes: valid secrets, issued tokens, failure switches, a request log. */
export interface FakeState {
  url: string;
  valid: FakeSecrets;
  /** Bearer tokens the fake issued, mapped to the principal (service account email, Azure client id). */
  tokens: Map<string, { principal: string; access?: string[] }>;
  failures: Map<FakeService, FailureMode>;
  requests: { service: FakeService; method: string; url: string; headers: IncomingHttpHeaders }[];
}

/** One incoming request, body read, path split from query; `params` are the route pattern's groups. */
export interface FakeRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  params: string[];
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** A route: which service it belongs to (failure switches), method, path pattern and handler. */
export interface FakeRoute {
  service: FakeService | ((req: FakeRequest) => FakeService);
  method: string;
  path: RegExp;
  handle(req: FakeRequest, state: FakeState): FakeResponse | Promise<FakeResponse>;
}

/** A JSON response. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** An XML response (AWS, Azure Storage). */
export const xml = (status: number, body: string): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

/** The value of a single-valued header. */
export const header = (req: FakeRequest, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** The token of `Authorization: Bearer <token>`. */
export const bearer = (req: FakeRequest) => /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];

/** `sk-ad****wxyz`: how OpenAI-style APIs echo a rejected key. */
export const masked = (key: string) => (key.length > 12 ? `${key.slice(0, 5)}****${key.slice(-4)}` : '****');

/** May a principal with this access list read `resource`? (undefined = everything). */
export const allows = (access: string[] | undefined, resource: string) =>
  !access || access.includes(resource);
