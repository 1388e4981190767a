import { describe, expect, it } from 'vitest';
import type { HttpFunction } from '../../shared/http/factory.js';
import { route, type Mount } from '../../scripts/local/gateway.js';
import { httpEntries } from '../registry.js';

// What terraform/modules/https-entry/variables.tf accepts (templates: at most 4 `*`, the URL map adds `/{rest=**}`).
const PREFIX = /^\/[^*]*[^/*]$/;
const TEMPLATE = /^(\/([^*/{}]+|\*))+$/;

describe('registry HTTP entries', () => {
  it.each(httpEntries.map((e) => [e.name, e] as const))('%s: is routed by prefixes or templates', (_, e) => {
    expect(e.prefixes.length + (e.templates?.length ?? 0)).toBeGreaterThan(0);
    for (const p of e.prefixes) expect(p).toMatch(PREFIX);
    for (const t of e.templates ?? []) {
      expect(t).toMatch(TEMPLATE);
      expect(t.split('*').length - 1).toBeLessThanOrEqual(4);
    }
  });

  it('claims no prefix or template twice', () => {
    const paths = httpEntries.flatMap((e) => [...e.prefixes, ...(e.templates ?? [])]);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  });

  // The gateway routes as the URL map does, so every route reaches the function declaring it, locally and deployed.
  const mounts: Mount[] = httpEntries.map((e) => ({
    prefixes: e.prefixes,
    ...(e.templates ? { templates: e.templates } : {}),
    fn: { name: e.name } as unknown as HttpFunction,
  }));
  const routes = httpEntries.flatMap((e) => e.routes.map((r) => [`${r.method} ${r.path}`, e.name] as const));
  it.each(routes)('%s: is routed to %s', (key, name) => {
    const path = key.slice(key.indexOf(' ') + 1).replace(/\{(\w+)\}/g, 'sample-$1');
    expect((route(mounts, path) as unknown as { name: string } | undefined)?.name).toBe(name);
  });
});
