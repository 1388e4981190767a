/**
 * The in-memory cache of cost slices, per function instance (one per AppContext): slices keyed by (org, start,
 * end), each with the views already computed from it (keyed by view and filters). An entry is valid for the org's
 * cost-data version it was read at (shared/costs/version.ts): a completed pipeline run or an invalidation bumps
 * the version, and the next read of any instance finds its entry stale and reads again. Bounded by bytes
 * (COST_CACHE_MAX_BYTES), the slices and the views memoised on them both counted (a view by its JSON length): the
 * least recently used entries are evicted first; a slice, or a view, that does not fit is served but not kept.
 */
import type { AppContext } from '../context.js';
import type { CostSlice } from './slice.js';

export interface Entry {
  slice: CostSlice;
  /** Views computed from the slice, by view and filters (read through `CostCache.memo`). */
  views: Map<string, unknown>;
  /** The slice's bytes plus its views'. */
  bytes: number;
}

interface OrgStats {
  hits: number;
  misses: number;
  evictions: number;
}

export class CostCache {
  /** Insertion order = recency: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly stats = new Map<string, OrgStats>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  private key(org: string, start: string, end: string) {
    return `${org}\u0000${start}\u0000${end}`;
  }

  private orgStats(org: string): OrgStats {
    let s = this.stats.get(org);
    if (!s) this.stats.set(org, (s = { hits: 0, misses: 0, evictions: 0 }));
    return s;
  }

  /** The entry of (org, start, end) read at `version`, counting a hit or a miss. */
  get(org: string, start: string, end: string, version: number): Entry | undefined {
    const key = this.key(org, start, end);
    const entry = this.entries.get(key);
    if (entry && entry.slice.version === version) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.orgStats(org).hits += 1;
      return entry;
    }
    if (entry) this.remove(key, entry);
    this.orgStats(org).misses += 1;
    return undefined;
  }

  /** Keeps a freshly read slice (evicting least recently used ones to stay within maxBytes). */
  set(slice: CostSlice): Entry {
    const key = this.key(slice.org, slice.start, slice.end);
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    const entry: Entry = { slice, views: new Map(), bytes: slice.bytes };
    if (slice.bytes > this.maxBytes) return entry;
    this.makeRoom(slice.bytes, entry);
    this.entries.set(key, entry);
    this.bytes += slice.bytes;
    return entry;
  }

  /**
   * The view memoised on the entry under `key`, computed on first use and kept (its bytes counted, evicting other
   * entries to stay within maxBytes) while the entry is cached and the view fits.
   */
  memo<T>(entry: Entry, key: string, compute: () => T): T {
    if (entry.views.has(key)) return entry.views.get(key) as T;
    const value = compute();
    const live = this.entries.get(this.key(entry.slice.org, entry.slice.start, entry.slice.end)) === entry;
    const bytes = JSON.stringify(value).length;
    if (!live || entry.bytes + bytes > this.maxBytes) return value;
    this.makeRoom(bytes, entry);
    entry.views.set(key, value);
    entry.bytes += bytes;
    this.bytes += bytes;
    return value;
  }

  /** Evicts least recently used entries (never `keep`) until `bytes` more fit. */
  private makeRoom(bytes: number, keep: Entry) {
    for (const [k, e] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes) break;
      if (e === keep) continue;
      this.remove(k, e);
      this.orgStats(e.slice.org).evictions += 1;
    }
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Drops every slice of the org; how many. */
  invalidate(org: string): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (e.slice.org === org) {
        this.remove(k, e);
        n += 1;
      }
    }
    return n;
  }

  /** The org's own figures (never another org's). */
  statsOf(org: string) {
    let entries = 0;
    let bytes = 0;
    for (const e of this.entries.values()) {
      if (e.slice.org === org) {
        entries += 1;
        bytes += e.bytes;
      }
    }
    const s = this.orgStats(org);
    const lookups = s.hits + s.misses;
    return {
      entries,
      bytes,
      hits: s.hits,
      misses: s.misses,
      hit_rate: lookups === 0 ? 0 : s.hits / lookups,
      evictions: s.evictions,
      max_bytes: this.maxBytes,
    };
  }
}

const caches = new WeakMap<AppContext, CostCache>();

/** The cost cache of this function instance. */
export function costCacheOf(ctx: AppContext): CostCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new CostCache(ctx.config.COST_CACHE_MAX_BYTES)));
  return cache;
}
