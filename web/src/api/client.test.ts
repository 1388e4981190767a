import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from './client.js';
import { ApiError } from './errors.js';

afterEach(() => vi.unstubAllGlobals());

function serve(answer: (req: Request) => Response) {
  const seen: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      seen.push(req);
      return answer(req);
    }),
  );
  return seen;
}

describe('createApi', () => {
  it('sends the access token and returns the typed body', async () => {
    const seen = serve(() => Response.json({ user: { id: 'u1', email: 'a@b.test' }, memberships: [] }));
    const api = createApi('http://app.test', async () => 'tok-1');
    const { data } = await api.GET('/api/v1/me');
    expect(data?.user.email).toBe('a@b.test');
    expect(seen[0]!.url).toBe('http://app.test/api/v1/me');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer tok-1');
  });

  it('sends no Authorization header when signed out', async () => {
    const seen = serve(() => Response.json({ plans: [] }));
    await createApi('http://app.test', async () => undefined).GET('/api/v1/billing/plans');
    expect(seen[0]!.headers.has('authorization')).toBe(false);
  });

  it('throws an ApiError with the code, message, request id and status of a failed call', async () => {
    serve(() =>
      Response.json(
        { error: { code: 'FORBIDDEN', message: 'Needs admin.', request_id: 'req-9' } },
        { status: 403 },
      ),
    );
    const api = createApi('http://app.test', async () => 'tok');
    const call = api.GET('/api/v1/organizations/{org}/quota', { params: { path: { org: 'acme' } } });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN', requestId: 'req-9' });
  });
});
