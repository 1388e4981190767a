import { createHttpFunction, handle, type BoundRoute } from '../../shared/http/factory.js';
import { alertRoutes as r } from '../../shared/contracts/alerts.js';
import { ALERT_PRESETS } from '../../shared/alerts/presets.js';
import {
  bulkAlerts,
  createAlert,
  deleteAlert,
  getAlert,
  listAlerts,
  setAlertEnabled,
  updateAlert,
} from '../../shared/alerts/store.js';
import { evaluateOrgAlerts, testAlert } from '../../shared/alerts/evaluate.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

/** The last segments of the literal routes beside `{alert_id}`: `…/presets` is never an alert id. */
const LITERALS = [r.presets, r.bulk, r.evaluate].map((c) => c.path.slice(c.path.lastIndexOf('/') + 1));

/**
 * A `{alert_id}` route that does not match the literal siblings' paths, so `PATCH …/presets` is a 405 naming
 * what `…/presets` serves (not a 400 from the update route reading "presets" as an id), whatever the order.
 */
function byId(bound: BoundRoute): BoundRoute {
  const index = bound.compiled.names.indexOf('alert_id');
  const parts = bound.compiled.regex.source.split('([^/]+)');
  const notLiteral = `(?!(?:${LITERALS.join('|')})(?:/|$))([^/]+)`;
  const source = parts.reduce(
    (s, part, i) => (i === 0 ? part : s + (i - 1 === index ? notLiteral : '([^/]+)') + part),
    '',
  );
  return { ...bound, compiled: { ...bound.compiled, regex: new RegExp(source) } };
}

const alerts = createHttpFunction('alerts', [
  handle(r.list, ({ ctx, params }) => listAlerts(ctx, params.org)),
  handle(r.create, ({ ctx, params, body, meta }) => createAlert(ctx, params.org, body, meta)),
  handle(r.presets, async () => ({ items: [...ALERT_PRESETS] })),
  handle(r.bulk, ({ ctx, params, body, meta }) => bulkAlerts(ctx, params.org, body, meta)),
  handle(r.evaluate, ({ ctx, params }) => evaluateOrgAlerts(ctx, params.org, { asOf: new Date() })),
  byId(handle(r.get, ({ ctx, params }) => getAlert(ctx, params.org, params.alert_id))),
  byId(
    handle(r.update, ({ ctx, params, body, meta }) =>
      updateAlert(ctx, params.org, params.alert_id, body, meta),
    ),
  ),
  byId(
    handle(r.delete, async ({ ctx, params, meta }) => {
      await deleteAlert(ctx, params.org, params.alert_id, meta);
      return reply(204, null);
    }),
  ),
  byId(
    handle(r.pause, ({ ctx, params, meta }) =>
      setAlertEnabled(ctx, params.org, params.alert_id, false, meta),
    ),
  ),
  byId(
    handle(r.resume, ({ ctx, params, meta }) =>
      setAlertEnabled(ctx, params.org, params.alert_id, true, meta),
    ),
  ),
  byId(handle(r.test, ({ ctx, params }) => testAlert(ctx, params.org, params.alert_id))),
]);

export default deployHttp(alerts);
