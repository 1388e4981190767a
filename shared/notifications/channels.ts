import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import {
  ChannelConfigSchemas,
  type ChannelType,
  type CreateChannelBody,
} from '../contracts/notifications.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import { conflict, invalidInput, notFound, zodDetails } from '../errors/index.js';
import { isoTimestamp } from '../ports/database/values.js';
import { checkTarget } from '../net/ssrf.js';
import { newWebhookSecret } from './signature.js';
import type { ChannelTarget } from './send.js';

interface Row {
  channel_id: string;
  name: string;
  type: ChannelType;
  enabled: boolean;
  config: { to?: string[]; url_hint?: string };
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = 'channel_id::text AS channel_id, name, type, enabled, config, created_at, updated_at';
const toItem = (r: Row) => ({
  ...r,
  created_at: isoTimestamp(r.created_at),
  updated_at: isoTimestamp(r.updated_at),
});

/** Binds a channel's ciphertext to its org and id: copied to another row it does not decrypt. */
const aad = (orgSlug: string, channelId: string) => `cloudact:notification-channel:${orgSlug}:${channelId}`;

/** What the secret material of each URL type is, as encrypted: the URL, and a webhook's signing secret. */
type Sealed = { url: string; secret?: string };

/** Host and the last 4 characters: enough to recognise a URL, not enough to use it. */
export const maskUrl = (url: string) => `${new URL(url).host}/…${url.slice(-4)}`;

const urlField = (type: ChannelType) => (type === 'webhook' ? 'url' : 'webhook_url');

/** The type's config checked (400 naming the field), its URL through the SSRF guard. */
async function parseConfig(ctx: AppContext, type: ChannelType, config: unknown) {
  const parsed = ChannelConfigSchemas[type].safeParse(config);
  if (!parsed.success)
    throw invalidInput(`Invalid ${type} channel config.`, zodDetails('body.config', parsed.error));
  const value = parsed.data as { to?: string[]; url?: string; webhook_url?: string };
  if (type === 'email') return { to: value.to! };
  const url = (value.url ?? value.webhook_url)!;
  const check = await checkTarget(url, { allowLoopback: ctx.config.ALLOW_LOOPBACK_WEBHOOKS });
  if (!check.ok) {
    const field = `body.config.${urlField(type)}`;
    throw invalidInput(`Invalid ${type} channel config: the URL ${check.reason}.`, [
      { field, message: check.reason, code: 'unsafe_url' },
    ]);
  }
  return { url };
}

/** Creates a channel; a webhook's signing secret is generated here and returned only in this response. */
export async function createChannel(
  ctx: AppContext,
  orgSlug: string,
  body: CreateChannelBody,
  meta: RequestMeta,
) {
  const channelId = randomUUID();
  const parsed = await parseConfig(ctx, body.type, body.config);
  const secret = body.type === 'webhook' ? newWebhookSecret() : undefined;
  const view = 'to' in parsed ? { to: parsed.to } : { url_hint: maskUrl(parsed.url) };
  const ciphertext =
    'url' in parsed
      ? await (
          await ctx.encryption()
        ).encrypt(JSON.stringify({ url: parsed.url, secret }), aad(orgSlug, channelId))
      : null;
  const row = await (
    await ctx.db()
  ).transaction(async (tx) => {
    const { rows } = await tx.query<Row>(
      `INSERT INTO notification_channels (channel_id, org_slug, name, type, config, secret_ciphertext, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_slug, name) DO NOTHING RETURNING ${COLUMNS}`,
      [channelId, orgSlug, body.name, body.type, JSON.stringify(view), ciphertext, body.enabled ?? true],
    );
    if (!rows[0]) throw conflict(`A channel named "${body.name}" already exists.`);
    await auditRequest(tx, orgSlug, meta, 'notification.channel.create', channelId, { type: body.type });
    return rows[0];
  });
  return { ...toItem(row), ...(secret ? { secret } : {}) };
}

export async function listChannels(ctx: AppContext, orgSlug: string) {
  const { rows } = await (
    await ctx.db()
  ).query<Row>(
    `SELECT ${COLUMNS} FROM notification_channels WHERE org_slug = $1 ORDER BY created_at, channel_id`,
    [orgSlug],
  );
  return { items: rows.map(toItem), next_cursor: null };
}

async function getRow(ctx: AppContext, orgSlug: string, channelId: string) {
  const { rows } = await (
    await ctx.db()
  ).query<Row & { secret_ciphertext: string | null }>(
    `SELECT ${COLUMNS}, secret_ciphertext FROM notification_channels WHERE org_slug = $1 AND channel_id = $2`,
    [orgSlug, channelId],
  );
  if (!rows[0]) throw notFound(`Channel ${channelId} not found.`);
  return rows[0];
}

export const getChannel = async (ctx: AppContext, orgSlug: string, channelId: string) => {
  const { secret_ciphertext: _s, ...row } = await getRow(ctx, orgSlug, channelId);
  return toItem(row);
};

/** Renames, enables or disables a channel, or changes its config within its type (a webhook keeps its secret). */
export async function updateChannel(
  ctx: AppContext,
  orgSlug: string,
  channelId: string,
  body: { name?: string; enabled?: boolean; config?: Record<string, unknown> },
  meta: RequestMeta,
) {
  const current = await getRow(ctx, orgSlug, channelId);
  let view: Row['config'] | null = null;
  let ciphertext: string | null = null;
  if (body.config !== undefined) {
    const parsed = await parseConfig(ctx, current.type, body.config);
    if ('to' in parsed) view = { to: parsed.to };
    else {
      const old: Partial<Sealed> = current.secret_ciphertext
        ? await unseal(ctx, orgSlug, channelId, current.secret_ciphertext)
        : {};
      const sealed: Sealed = { url: parsed.url, ...(old.secret ? { secret: old.secret } : {}) };
      ciphertext = await (await ctx.encryption()).encrypt(JSON.stringify(sealed), aad(orgSlug, channelId));
      view = { url_hint: maskUrl(parsed.url) };
    }
  }
  const row = await (
    await ctx.db()
  ).transaction(async (tx) => {
    const { rows } = await tx.query<Row>(
      `UPDATE notification_channels SET name = COALESCE($3, name), enabled = COALESCE($4, enabled),
         config = COALESCE($5::jsonb, config), secret_ciphertext = COALESCE($6, secret_ciphertext), updated_at = now()
       WHERE org_slug = $1 AND channel_id = $2
         AND NOT EXISTS (SELECT 1 FROM notification_channels o WHERE o.org_slug = $1 AND o.name = $3 AND o.channel_id <> $2)
       RETURNING ${COLUMNS}`,
      [orgSlug, channelId, body.name ?? null, body.enabled ?? null, view && JSON.stringify(view), ciphertext],
    );
    if (!rows[0])
      throw body.name === undefined
        ? notFound(`Channel ${channelId} not found.`)
        : conflict(`A channel named "${body.name}" already exists.`);
    await auditRequest(tx, orgSlug, meta, 'notification.channel.update', channelId, {
      fields: Object.keys(body).sort(),
    });
    return rows[0];
  });
  return toItem(row);
}

export async function deleteChannel(ctx: AppContext, orgSlug: string, channelId: string, meta: RequestMeta) {
  await (
    await ctx.db()
  ).transaction(async (tx) => {
    const r = await tx.query('DELETE FROM notification_channels WHERE org_slug = $1 AND channel_id = $2', [
      orgSlug,
      channelId,
    ]);
    if (r.rowCount === 0) throw notFound(`Channel ${channelId} not found.`);
    // Alerts and summaries that named it go on with their other channels.
    for (const table of ['alerts', 'notification_summaries'])
      await tx.query(
        `UPDATE ${table} SET channel_ids = array_remove(channel_ids, $2::uuid), updated_at = now()
         WHERE org_slug = $1 AND $2::uuid = ANY(channel_ids)`,
        [orgSlug, channelId],
      );
    await auditRequest(tx, orgSlug, meta, 'notification.channel.delete', channelId);
  });
}

async function unseal(
  ctx: AppContext,
  orgSlug: string,
  channelId: string,
  ciphertext: string,
): Promise<Sealed> {
  return JSON.parse(await (await ctx.encryption()).decrypt(ciphertext, aad(orgSlug, channelId))) as Sealed;
}

/**
 * A channel of the org with its secret material decrypted, for sending (and nothing else: the caller must not log
 * or persist the target).
 */
export async function loadChannelTarget(ctx: AppContext, orgSlug: string, channelId: string) {
  const row = await getRow(ctx, orgSlug, channelId);
  const { secret_ciphertext, ...channel } = row;
  let target: ChannelTarget;
  if (row.type === 'email') target = { type: 'email', to: row.config.to ?? [] };
  else {
    const sealed = await unseal(ctx, orgSlug, channelId, secret_ciphertext!);
    target =
      row.type === 'webhook'
        ? { type: 'webhook', url: sealed.url, secret: sealed.secret! }
        : { type: row.type, webhook_url: sealed.url };
  }
  return { channel: toItem(channel), target };
}
