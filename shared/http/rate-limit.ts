import { isIP } from 'node:net';
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import type { Queryable } from '../ports/database/port.js';
import { AppError } from '../errors/index.js';
import { healthRoutes } from '../contracts/health.js';

/** The length of one counting window: fixed, aligned to the minute (UTC). */
export const RATE_WINDOW_MS = 60_000;

/**
 * Routes never counted: the health check is what uptime probes call, and a probe answered 429 would read as an
 * outage. Cloud Armor's per-IP rule at the load balancer still throttles a flood of them.
 */
export const RATE_LIMIT_EXEMPT_ROUTES: ReadonlySet<string> = new Set([healthRoutes.get.id]);

/** Whose requests count together, and how many a window allows. */
export interface RateBucket {
  bucket: string;
  limit: number;
}

/** The bucket `rate_limit_windows` counts under for a proven principal or the client IP. Root: none (operator). */
export function bucketOf(
  principal: Principal | undefined,
  headers: Headers,
  config: Pick<AppContext['config'], 'RATE_LIMIT_PER_MINUTE' | 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'>,
): RateBucket | undefined {
  if (principal?.kind === 'root') return undefined;
  if (principal?.kind === 'apiKey')
    return { bucket: `key:${principal.keyId}`, limit: config.RATE_LIMIT_PER_MINUTE };
  if (principal?.kind === 'user')
    return { bucket: `user:${principal.userId}`, limit: config.RATE_LIMIT_PER_MINUTE };
  return { bucket: `ip:${clientIpOf(headers)}`, limit: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE };
}

/**
 * The client address the HTTPS load balancer saw. Google's load balancer appends `<client-ip>, <lb-ip>` to whatever
 * X-Forwarded-For the client sent (the local gateway does the same from its socket), so only the second-to-last entry
 * is trusted; everything before it is client-written. An IPv6 client counts by its /64 (one subscriber's network:
 * rotating addresses inside it does not escape the limit). No trustworthy entry: `unknown`, one shared bucket.
 */
export function clientIpOf(headers: Headers): string {
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim());
  if (hops.length < 2) return 'unknown';
  let ip = hops[hops.length - 2]!.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version === 6) return ipv6Network(ip);
  return 'unknown';
}

/** The /64 network of a valid IPv6 address, e.g. `2001:db8:0:1::/64`. */
function ipv6Network(ip: string): string {
  // A dotted IPv4 tail is two groups; only the count matters, the /64 never reaches them.
  const text = ip.replace(/\d+\.\d+\.\d+\.\d+$/, '0:0').toLowerCase();
  const split = (s: string) => (s ? s.split(':') : []);
  const [head = '', tail] = text.split('::');
  const h = split(head);
  const t = tail === undefined ? [] : split(tail);
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Counts one request in the bucket's current window: one atomic upsert, so every function instance sharing the
 * database shares the count. Older windows of the bucket are deleted in the same statement. Over the limit: a
 * `quota` AppError `RATE_LIMITED` with the seconds left in the window (the HTTP factory sends them as Retry-After).
 */
export async function countRequest(
  db: Queryable,
  { bucket, limit }: RateBucket,
  now = Date.now(),
): Promise<void> {
  const windowStart = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  const { rows } = await db.query<{ hits: number }>(
    `WITH hit AS (
       INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
       RETURNING hits
     ), expired AS (
       DELETE FROM rate_limit_windows WHERE bucket = $1 AND window_start < $2
     )
     SELECT hits FROM hit`,
    [bucket, new Date(windowStart).toISOString()],
  );
  if (Number(rows[0]!.hits) <= limit) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + RATE_WINDOW_MS - now) / 1000));
  throw new AppError(
    'quota',
    `Rate limit of ${limit} requests per minute exceeded; retry in ${retryAfterSeconds} s.`,
    {
      code: 'RATE_LIMITED',
      details: { limit_per_minute: limit, retry_after_seconds: retryAfterSeconds },
      retryable: true,
      retryAfterSeconds,
    },
  );
}

/**
 * Counts a request against its caller's limit unless rate limiting is off (RATE_LIMIT_ENABLED=false, refused in
 * production) or the caller is the operator. `principal` undefined: anonymous, or credentials that failed.
 */
export async function limitRate(
  ctx: AppContext,
  headers: Headers,
  principal: Principal | undefined,
): Promise<void> {
  if (!ctx.config.RATE_LIMIT_ENABLED) return;
  const bucket = bucketOf(principal, headers, ctx.config);
  if (bucket) await countRequest(await ctx.db(), bucket);
}
