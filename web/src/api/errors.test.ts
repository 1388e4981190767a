import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorOf } from './errors.js';

describe('apiErrorOf', () => {
  it('reads the one error shape, the status and Retry-After', async () => {
    const res = new Response(
      JSON.stringify({
        error: { code: 'RATE_LIMITED', message: 'Slow down.', details: { limit: 60 }, request_id: 'req-1' },
      }),
      { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '30' } },
    );
    const err = await apiErrorOf(res);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Slow down.',
      requestId: 'req-1',
      details: { limit: 60 },
      retryAfter: 30,
    });
  });

  it('keeps the status and the request id header for a body that is not the error shape', async () => {
    const res = new Response('<html>bad gateway</html>', {
      status: 502,
      headers: { 'x-request-id': 'req-2' },
    });
    const err = await apiErrorOf(res);
    expect(err).toMatchObject({ status: 502, code: 'HTTP_502', requestId: 'req-2', retryAfter: undefined });
    expect(err.message).toBe('The server answered 502.');
  });
});
