import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Config } from '../../shared/config/config.js';
import type { Secrets } from '../../shared/ports/secrets/port.js';

/** Paths the API owns: never answered with the app, whatever the method (a miss there stays a JSON 404). */
export const API_PATHS = ['/api', '/auth', '/health'] as const;
export const isApiPath = (path: string) => API_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

/** The anon key the local identity is given by the app: public by design (Supabase's is too), checked by nothing. */
export const LOCAL_ANON_KEY = 'cloudact-local-anon-key';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface WebAppOptions {
  /** The built app (`web/dist`). */
  distDir: string;
  config: Config;
  secrets: () => Promise<Secrets>;
  /** Supabase's anon key in front of real Supabase Auth; the local identity takes LOCAL_ANON_KEY. */
  anonKey?: string;
}

export interface WebApp {
  /** `/config.json` or a file of the app (index.html for any other path: the app routes it); GET and HEAD. */
  fetch(req: Request): Promise<Response>;
}

/** The origin the browser may call besides its own: Supabase Auth when configured elsewhere. */
function supabaseOrigin(config: Config): string | undefined {
  return config.SUPABASE_URL ? new URL(config.SUPABASE_URL).origin : undefined;
}

/** Headers of every app response: a strict CSP (scripts and styles from here only), no framing, no sniffing. */
export function appSecurityHeaders(config: Config): Record<string, string> {
  const connect = ["'self'", supabaseOrigin(config)].filter(Boolean).join(' ');
  return {
    'content-security-policy':
      `default-src 'self'; connect-src ${connect}; img-src 'self' data:; ` +
      "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}

/** The demo user's sign-in from `<data dir>/demo/demo.json`, when the demo has one. */
function localDemo(dataDir: string): { user_email: string; user_password: string } | undefined {
  // scripts/demo/demo.ts writes it (demoStateFile); read here without loading the demo's code.
  const file = join(dataDir, 'demo', 'demo.json');
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { user_email?: unknown; user_password?: unknown };
    if (typeof state.user_email === 'string' && typeof state.user_password === 'string')
      return { user_email: state.user_email, user_password: state.user_password };
  } catch {
    // being written: the next load has it
  }
  return undefined;
}

/** The app's runtime configuration (web/src/app/config.ts reads it). */
export async function appConfig(opts: WebAppOptions, origin: string) {
  const { config } = opts;
  const demo = localDemo(config.dataDir);
  return {
    supabase_url: config.SUPABASE_URL ?? origin,
    supabase_anon_key: opts.anonKey ?? LOCAL_ANON_KEY,
    api_base: '',
    stripe_enabled: (await (await opts.secrets()).get('stripe-secret-key')) !== undefined,
    ...(demo ? { local_demo: demo } : {}),
  };
}

/** Serves the built single-page app, its runtime configuration, and index.html for the app's own routes. */
export function webApp(opts: WebAppOptions): WebApp {
  const root = resolve(opts.distDir);
  const security = appSecurityHeaders(opts.config);
  const send = (req: Request, status: number, body: BodyInit | null, headers: Record<string, string>) =>
    new Response(req.method === 'HEAD' ? null : body, { status, headers: { ...security, ...headers } });

  async function file(path: string): Promise<{ body: Buffer; type: string } | undefined> {
    const full = resolve(root, `.${path}`);
    if (full !== root && !full.startsWith(root + sep)) return undefined;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { body: await readFile(full), type: TYPES[extname(full)] ?? 'application/octet-stream' };
  }

  return {
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(req, 405, 'Method not allowed', { allow: 'GET, HEAD', 'content-type': TYPES['.txt']! });
      if (url.pathname === '/config.json') {
        const body = JSON.stringify(await appConfig(opts, url.origin));
        return send(req, 200, body, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store' });
      }
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return send(req, 400, 'Bad path', { 'content-type': TYPES['.txt']! });
      }
      const found = path.endsWith('/') ? undefined : await file(path);
      if (found) {
        // Vite names assets by content hash: a changed file is a new URL, so a cached one never goes stale.
        const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return send(req, 200, new Uint8Array(found.body), {
          'content-type': found.type,
          'cache-control': cache,
        });
      }
      // A missing asset is a 404 (a page still open from an older build must not get HTML for its script).
      if (path.startsWith('/assets/') || extname(path) === '.map')
        return send(req, 404, 'Not found', { 'content-type': TYPES['.txt']! });
      const index = await file('/index.html');
      if (!index)
        return send(req, 503, 'The web app is not built: run npm run web:build.', {
          'content-type': TYPES['.txt']!,
        });
      return send(req, 200, new Uint8Array(index.body), {
        'content-type': index.type,
        'cache-control': 'no-cache',
      });
    },
  };
}

/** `web/dist` of this repository. */
export const defaultDistDir = () => join(import.meta.dirname, '..', '..', 'web', 'dist');
