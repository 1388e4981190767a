import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { EVALUATE_ALERTS_TOPIC } from '../contracts/alerts.js';
import { notifyRunFailed } from './alert-jobs.js';

const RUN = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';

/** A context with a database answering whether the org has an enabled pipeline_failure alert, and a bus. */
function fakeContext(found: boolean, publish: (topic: string, payload: unknown) => Promise<string>) {
  const errors: [string, Record<string, unknown>][] = [];
  const queries: unknown[][] = [];
  const ctx = {
    db: async () => ({
      query: async (_sql: string, params: unknown[]) => {
        queries.push(params);
        return { rows: [{ found }], rowCount: 1 };
      },
    }),
    bus: async () => ({ publish }),
    log: { error: (msg: string, fields: Record<string, unknown>) => errors.push([msg, fields]) },
  } as unknown as AppContext;
  return { ctx, errors, queries };
}

describe('notifyRunFailed', () => {
  it('publishes the pipeline_failure evaluation of the run when the org has the alert', async () => {
    const published: [string, unknown][] = [];
    const { ctx, queries } = fakeContext(true, async (topic, payload) =>
      String(published.push([topic, payload])),
    );
    expect(await notifyRunFailed(ctx, 'acme_co', RUN)).toBe(true);
    expect(queries).toEqual([['acme_co']]);
    expect(published).toEqual([
      [
        EVALUATE_ALERTS_TOPIC,
        { org_slug: 'acme_co', as_of: expect.any(String), kinds: ['pipeline_failure'], run_id: RUN },
      ],
    ]);
  });

  it('publishes nothing without an enabled pipeline_failure alert', async () => {
    const published: unknown[] = [];
    const { ctx } = fakeContext(false, async (_t, payload) => String(published.push(payload)));
    expect(await notifyRunFailed(ctx, 'acme_co', RUN)).toBe(false);
    expect(published).toEqual([]);
  });

  it('never throws: a publish failure is logged with the org and run', async () => {
    const { ctx, errors } = fakeContext(true, async () => {
      throw new Error('Pub/Sub unavailable');
    });
    expect(await notifyRunFailed(ctx, 'acme_co', RUN)).toBe(false);
    expect(errors).toEqual([
      [
        'pipeline_failure alert evaluation not published',
        { org_slug: 'acme_co', run_id: RUN, error: 'Pub/Sub unavailable' },
      ],
    ]);
  });
});
