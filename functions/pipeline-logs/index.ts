import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { pipelineLogRoutes as r } from '../../shared/contracts/pipelines.js';
import { getRun, listRuns, runLogLines } from '../../shared/pipelines/history.js';
import { retryRun } from '../../shared/pipelines/trigger.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const pipelineLogs = createHttpFunction('pipeline-logs', [
  handle(r.list, ({ ctx, params, query }) => listRuns(ctx, params.org, query)),
  handle(r.get, ({ ctx, params }) => getRun(ctx, params.org, params.run_id)),
  handle(r.retry, ({ ctx, params }) => retryRun(ctx, params.org, params.run_id)),
  handle(r.logs, async ({ ctx, params }) =>
    reply(200, await runLogLines(ctx, params.org, params.run_id), {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="run-${params.run_id}.jsonl"`,
    }),
  ),
]);

export default deployHttp(pipelineLogs);
