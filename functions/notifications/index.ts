import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { notificationRoutes as r } from '../../shared/contracts/notifications.js';
import {
  createChannel,
  deleteChannel,
  getChannel,
  listChannels,
  updateChannel,
} from '../../shared/notifications/channels.js';
import { listHistory } from '../../shared/notifications/deliveries.js';
import {
  createSummary,
  deleteSummary,
  listSummaries,
  updateSummary,
} from '../../shared/notifications/summaries.js';
import { testChannel } from '../../shared/notifications/test-channel.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const notifications = createHttpFunction('notifications', [
  handle(r.listChannels, ({ ctx, params }) => listChannels(ctx, params.org)),
  handle(r.createChannel, ({ ctx, params, body, meta }) => createChannel(ctx, params.org, body, meta)),
  handle(r.getChannel, ({ ctx, params }) => getChannel(ctx, params.org, params.channel_id)),
  handle(r.updateChannel, ({ ctx, params, body, meta }) =>
    updateChannel(ctx, params.org, params.channel_id, body, meta),
  ),
  handle(r.deleteChannel, async ({ ctx, params, meta }) => {
    await deleteChannel(ctx, params.org, params.channel_id, meta);
    return reply(204, null);
  }),
  handle(r.testChannel, ({ ctx, params }) => testChannel(ctx, params.org, params.channel_id)),
  handle(r.listSummaries, ({ ctx, params }) => listSummaries(ctx, params.org)),
  handle(r.createSummary, ({ ctx, params, body, meta }) => createSummary(ctx, params.org, body, meta)),
  handle(r.updateSummary, ({ ctx, params, body, meta }) =>
    updateSummary(ctx, params.org, params.summary_id, body, meta),
  ),
  handle(r.deleteSummary, async ({ ctx, params, meta }) => {
    await deleteSummary(ctx, params.org, params.summary_id, meta);
    return reply(204, null);
  }),
  handle(r.history, ({ ctx, params, query }) => listHistory(ctx, params.org, query)),
]);

export default deployHttp(notifications);
