import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config.js';
import type { AppContext } from '../../shared/context.js';
import type { HttpFunction } from '../../shared/http/factory.js';
import type { Secrets } from '../../shared/ports/secrets/port.js';
import { gatewayFetch } from './gateway.js';
import { LOCAL_ANON_KEY, webApp } from './web-app.js';

let dir: string;
let dist: string;
let dataDir: string;
const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'web-app-'));
  dist = join(dir, 'dist');
  dataDir = join(dir, 'data');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secrets =
  (values: Record<string, string> = {}) =>
  async (): Promise<Secrets> => ({
    get: async (name) => values[name],
  });

function app(env: Record<string, string> = {}, secretValues: Record<string, string> = {}) {
  const config = parseConfig({ CLOUDACT_DATA_DIR: dataDir, ...env });
  const api: HttpFunction = {
    name: 'api',
    routes: [],
    fetch: async () => Response.json({ ok: true }),
  };
  const web = webApp({ distDir: dist, config, secrets: secrets(secretValues) });
  const fetch = gatewayFetch([{ prefixes: ['/api/v1/things', '/health'], fn: api }], {} as AppContext, web);
  return (path: string, init?: RequestInit) => fetch(new Request(`http://localhost:8080${path}`, init));
}

describe('the gateway serving the web app', () => {
  it('serves / and any app route as index.html, with the CSP and the other security headers', async () => {
    const get = app();
    for (const path of ['/', '/signin', '/acme/dashboard', '/acme/costs/cloud?start_date=2026-10-01']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
          "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('serves files with their content type; hashed assets are cached for good', async () => {
    const get = app();
    const js = await get('/assets/index-abc123.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('/assets/index-abc123.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    const svg = await get('/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a missing asset with a 404, never with the app', async () => {
    const res = await get404('/assets/index-gone.js');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('never serves a file outside the build', async () => {
    const get = app();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path);
      expect(await res.text(), path).not.toBe('outside');
    }
  });

  it("keeps /api, /auth and /health the API's: a miss there is the JSON 404, not the app", async () => {
    const get = app();
    for (const path of ['/api/v1/nope', '/api', '/auth/v1/nope', '/authority']) {
      const res = await get(path);
      if (path === '/authority') {
        expect(res.headers.get('content-type'), 'not an API path').toBe('text/html; charset=utf-8');
        continue;
      }
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect((await res.json()).error.code).toBe('NOT_FOUND');
    }
    expect(await (await get('/api/v1/things')).json()).toEqual({ ok: true });
  });

  it('serves the app to GET and HEAD only; other methods on app paths get the JSON 404', async () => {
    const get = app();
    const head = await get('/acme/dashboard', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('/acme/dashboard', { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('/config.json', () => {
  it("points the app at this origin's identity locally, with the local anon key, no Stripe and no demo", async () => {
    const res = await app()('/config.json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      supabase_url: 'http://localhost:8080',
      supabase_anon_key: LOCAL_ANON_KEY,
      api_base: '',
      stripe_enabled: false,
    });
  });

  it('names Supabase (and lets the app connect to it) and Stripe when they are configured', async () => {
    const get = app({ SUPABASE_URL: 'https://abc.supabase.co' }, { 'stripe-secret-key': 'sk_test_1' });
    const res = await get('/config.json');
    expect(await res.json()).toMatchObject({ supabase_url: 'https://abc.supabase.co', stripe_enabled: true });
    expect(res.headers.get('content-security-policy')).toContain(
      "connect-src 'self' https://abc.supabase.co;",
    );
  });

  it('carries the demo login when demo.json has one', async () => {
    mkdirSync(join(dataDir, 'demo'), { recursive: true });
    writeFileSync(join(dataDir, 'demo', 'demo.json'), JSON.stringify({ org_slug: 'acme_demo' }));
    expect(await (await app()('/config.json')).json()).not.toHaveProperty('local_demo');
    writeFileSync(
      join(dataDir, 'demo', 'demo.json'),
      JSON.stringify({ org_slug: 'acme_demo', user_email: 'finops@acme-demo.test', user_password: 'pw-1' }),
    );
    expect((await (await app()('/config.json')).json()).local_demo).toEqual({
      user_email: 'finops@acme-demo.test',
      user_password: 'pw-1',
    });
    rmSync(join(dataDir, 'demo'), { recursive: true });
  });
});

describe('without a web app', () => {
  it('redirects / to the API docs and answers other paths with the JSON 404', async () => {
    const fetch = gatewayFetch([], {} as AppContext);
    const root = await fetch(new Request('http://localhost/'));
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/api/v1/docs');
    expect((await fetch(new Request('http://localhost/acme/dashboard'))).status).toBe(404);
  });
});

async function get404(path: string) {
  const res = await app()(path);
  expect(res.status).toBe(404);
  return res;
}
