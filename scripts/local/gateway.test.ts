import { describe, expect, it } from 'vitest';
import type { HttpFunction } from '../../shared/http/factory.js';
import { route, templateMatch, type Mount } from './gateway.js';

const fn = (name: string) => ({ name }) as unknown as HttpFunction;
const mount = (name: string, prefixes: string[], templates?: string[]): Mount => ({
  prefixes,
  ...(templates ? { templates } : {}),
  fn: fn(name),
});
const routed = (mounts: Mount[], path: string) =>
  (route(mounts, path) as unknown as { name: string } | undefined)?.name;

describe('templateMatch', () => {
  const t = '/api/v1/integrations/*/*/pricing';

  it('matches the template itself and anything under it, counting literal segments', () => {
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing')).toBe(4);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing/gpt-4o')).toBe(4);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing/a/b')).toBe(4);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing/')).toBe(4);
  });

  it('takes `*` as exactly one non-empty segment', () => {
    expect(templateMatch(t, '/api/v1/integrations/acme/pricing')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme//pricing')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations//openai/pricing')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme/x/openai/pricing')).toBe(-1);
  });

  it('compares literal segments whole', () => {
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing-x')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricin')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai')).toBe(-1);
    expect(templateMatch(t, '/api/v2/integrations/acme/openai/pricing')).toBe(-1);
    expect(templateMatch('/*', '/anything/below')).toBe(0);
  });
});

describe('route', () => {
  const mounts = [
    mount('integrations', ['/api/v1/integrations']),
    mount('genai-pricing', [], ['/api/v1/integrations/*/*/pricing']),
    mount('pipelines', ['/api/v1/pipelines/run']),
    mount('pipeline-logs', ['/api/v1/pipelines']),
  ];

  it('routes a template match over every prefix match', () => {
    expect(routed(mounts, '/api/v1/integrations/acme/openai/pricing')).toBe('genai-pricing');
    expect(routed(mounts, '/api/v1/integrations/acme/openai/pricing/gpt-4o')).toBe('genai-pricing');
  });

  it('falls back to the longest prefix when no template matches', () => {
    expect(routed(mounts, '/api/v1/integrations')).toBe('integrations');
    expect(routed(mounts, '/api/v1/integrations/acme')).toBe('integrations');
    expect(routed(mounts, '/api/v1/integrations/acme/openai/setup')).toBe('integrations');
    expect(routed(mounts, '/api/v1/integrations/acme/openai')).toBe('integrations');
    expect(routed(mounts, '/api/v1/pipelines/run/acme/x')).toBe('pipelines');
    expect(routed(mounts, '/api/v1/pipelines/runs/acme')).toBe('pipeline-logs');
    expect(routed(mounts, '/api/v1/integrationsx')).toBeUndefined();
    expect(routed(mounts, '/elsewhere')).toBeUndefined();
  });

  it('picks the template with the most literal segments, then the most segments, then the first in text order', () => {
    const ms = [
      mount('wide', [], ['/a/*/*']),
      mount('narrow', [], ['/a/*/c']),
      mount('deeper', [], ['/a/*/*/*']),
      mount('left', [], ['/a/b/*']),
    ];
    expect(routed(ms, '/a/x/y')).toBe('wide');
    expect(routed(ms, '/a/x/c')).toBe('narrow');
    expect(routed(ms, '/a/x/y/z')).toBe('deeper');
    expect(routed(ms, '/a/x/c/z')).toBe('narrow');
    // `/a/*/c` and `/a/b/*` both have 2 literals and 3 segments: `/a/*/c` < `/a/b/*` in text order.
    expect(routed(ms, '/a/b/c')).toBe('narrow');
    expect(routed(ms, '/a/b/d')).toBe('left');
    expect(routed(ms, '/a/x')).toBeUndefined();
  });

  it('serves an entry with only templates and one with both', () => {
    const ms = [mount('both', ['/p'], ['/t/*']), mount('templates-only', [], ['/p/*/q'])];
    expect(routed(ms, '/p/x')).toBe('both');
    expect(routed(ms, '/t/x/y')).toBe('both');
    expect(routed(ms, '/p/x/q')).toBe('templates-only');
    expect(routed(ms, '/t')).toBeUndefined();
  });
});
