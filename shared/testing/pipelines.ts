import type { TestPlatform } from '../../scripts/local/test-platform.js';
import type { PipelineDef } from '../contracts/pipeline-definition.js';
import type { EventBus } from '../ports/bus/port.js';
import { triggerRun } from '../pipelines/trigger.js';

/** The one day the engine tests run their pipelines over. */
export const TEST_RUN_DAY = '2026-10-01';

/** Triggers a manual run of `pipeline` for the org over TEST_RUN_DAY, without waiting for it; the run id. */
export async function triggerOneDay(
  p: TestPlatform,
  orgSlug: string,
  pipeline: PipelineDef,
): Promise<string> {
  const { run_id } = await triggerRun(p.ctx, {
    orgSlug,
    pipeline,
    startDate: TEST_RUN_DAY,
    endDate: TEST_RUN_DAY,
    trigger: 'manual',
  });
  return run_id;
}

/** Triggers the run as `triggerOneDay` does and waits until the bus is idle; the run id. */
export async function runOneDay(p: TestPlatform, orgSlug: string, pipeline: PipelineDef): Promise<string> {
  const runId = await triggerOneDay(p, orgSlug, pipeline);
  await p.bus.drain();
  return runId;
}

/** A bus that records every message and delivers none: runs stay as triggered until a test delivers by hand. */
export function recordingBus(): { bus: EventBus; published: { topic: string; payload: unknown }[] } {
  const published: { topic: string; payload: unknown }[] = [];
  const bus: EventBus = {
    kind: 'in-process',
    publish: async (topic, payload) => String(published.push({ topic, payload })),
    close: async () => undefined,
  };
  return { bus, published };
}

/** The run's step as a process left it that claimed it and died `ago` seconds ago: RUNNING, attempt 1. */
export async function simulateDeadStep(p: TestPlatform, runId: string, ago: number): Promise<void> {
  const db = await p.ctx.db();
  await db.query(
    `UPDATE pipeline_steps SET status = 'RUNNING', attempts = 1, heartbeat_at = now() - make_interval(secs => $2)
     WHERE run_id = $1`,
    [runId, ago],
  );
  await db.query("UPDATE pipeline_runs SET status = 'RUNNING' WHERE run_id = $1", [runId]);
}
