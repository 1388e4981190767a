import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { PipelineDefSchema } from '../contracts/pipeline-definition.js';
import type { EventFunction } from '../events/factory.js';
import { stepTopic } from './records.js';
import { createStepFunction } from './step-function.js';
import { runOneDay } from '../testing/pipelines.js';

const platforms: TestPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

async function run(fn: EventFunction, steps: number, timeout: number, retries = 0) {
  const p = await startTestPlatform({}, { extraSubscriptions: [{ topic: stepTopic(fn.name), fn }] });
  platforms.push(p);
  const org = await p.onboard();
  const pipeline = PipelineDefSchema.parse({
    id: 'test/engine/timeouts',
    description: 'timeouts',
    steps: Array.from({ length: steps }, (_, i) => ({ id: `s${i}`, type: fn.name, timeout, retries })),
  });
  return runOneDay(p, org.org_slug, pipeline);
}

describe('step timeout', () => {
  it('leaves no abort listener and no armed timer behind once a step settles', async () => {
    const signals: AbortSignal[] = [];
    const quick = createStepFunction('test-quick', {
      config: z.object({}),
      execute: async ({ signal }) => {
        signals.push(signal);
        return { rows_written: 0 };
      },
    });
    await run(quick, 12, 1);
    expect(signals).toHaveLength(12);
    expect(signals.map((s) => getEventListeners(s, 'abort').length)).toEqual(signals.map(() => 0));
    await sleep(1_200);
    // The timer was cleared when the step succeeded: the signal never aborts afterwards.
    expect(signals.filter((s) => s.aborted)).toHaveLength(0);
  });

  it('starts the retry of a timed-out step only after its first attempt has stopped', async () => {
    const events: string[] = [];
    let attempt = 0;
    const slow = createStepFunction('test-slow', {
      config: z.object({}),
      execute: async ({ signal }) => {
        const n = (attempt += 1);
        events.push(`start ${n}`);
        if (n > 1) return { rows_written: 1 };
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        await sleep(300); // stopping takes a while (e.g. a warehouse write finishing)
        events.push(`stopped ${n}`);
        return { rows_written: 0 };
      },
    });
    await run(slow, 1, 1, 1);
    expect(events).toEqual(['start 1', 'stopped 1', 'start 2']);
  });
});
