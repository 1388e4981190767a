import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { httpEntries } from '../registry.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document with every deployable route, its auth and its schemas', async () => {
    const res = await p.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId: string; security: unknown[]; requestBody?: unknown }>
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const routes = httpEntries.filter((e) => !e.localOnly).flatMap((e) => e.routes);
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op?.operationId, `${r.method} ${r.path}`).toBe(r.id);
      if (r.body) expect(op?.requestBody).toBeDefined();
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['orgApiKey', 'rootKey', 'userJwt']);
    expect(doc.paths['/api/v1/organizations/onboard']?.post?.security).toEqual([{ rootKey: [] }]);
    expect(doc.paths['/auth/v1/signup']).toBeUndefined(); // local-only identity is not part of the API
  });

  it('serves a readable HTML reference page', async () => {
    const res = await p.request('/api/v1/docs');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<h1>CloudAct API</h1>');
    expect(html).toContain('/api/v1/pipelines/run/{org}/{provider}/{domain}/{pipeline}');
  });
});
