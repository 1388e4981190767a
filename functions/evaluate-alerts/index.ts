import { createEventFunction } from '../../shared/events/factory.js';
import { EvaluateAlertsMessageSchema } from '../../shared/contracts/alerts.js';
import { evaluateOrgAlerts } from '../../shared/alerts/evaluate.js';
import { orgEvaluable } from '../../shared/notifications/alert-jobs.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/**
 * Evaluates one org's alerts (all kinds from `alerts-daily`, pipeline_failure with its run id from run completion)
 * and publishes one deliver message per delivery. A suspended, cancelled, expired or deleted org is skipped and the
 * message acknowledged; a failure of the evaluation is retried by the bus (firings are recorded once per alert and
 * period, so a retry sends nothing twice).
 */
export default deployEvent(
  createEventFunction('evaluate-alerts', {
    payload: EvaluateAlertsMessageSchema,
    handler: async ({ ctx, payload, log }) => {
      const { org_slug, as_of, kinds, run_id } = payload;
      const org = await orgEvaluable(await ctx.db(), org_slug);
      if (!org.ok) {
        log.info('alert evaluation skipped', { org_slug, reason: org.reason });
        return;
      }
      const result = await evaluateOrgAlerts(ctx, org_slug, {
        asOf: new Date(as_of),
        ...(kinds ? { kinds } : {}),
        ...(run_id ? { runId: run_id } : {}),
      });
      log.info('alerts evaluated', {
        org_slug,
        as_of,
        ...(kinds ? { kinds } : {}),
        ...(run_id ? { run_id } : {}),
        evaluated: result.evaluated,
        fired: result.fired.length,
      });
    },
  }),
);
