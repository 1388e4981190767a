import type { TestPlatform } from '../../scripts/local/test-platform.js';
import type { PipelineDef } from '../contracts/pipeline-definition.js';
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
