import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, bearer, signUp, type Org } from '../__tests__/helpers.js';
import { verifyWebhookSignature } from '../../shared/notifications/signature.js';
import { claimDelivery } from '../../shared/notifications/deliveries.js';
import { testMessage } from '../../shared/notifications/message.js';
import { useReceiver } from '../../shared/testing/receiver.js';

// A local receiver standing in for webhook endpoints, Slack and Teams (shared/testing/receiver.ts).
const receiver = useReceiver();
const { received, to } = receiver;

let p: TestPlatform;
useBarePlatform((q) => (p = q), { ALLOW_LOOPBACK_WEBHOOKS: 'true' });

let tokens = 0;
/** A path with a secret-looking token in it, as Slack and Teams URLs have. */
const secretPath = (prefix = '') =>
  `${prefix}/hooks/T0/B0/tok${++tokens}x${Math.random().toString(36).slice(2, 14)}`;

/** A response body as the assertions read it (a channel, a test result, a list or an error). */
type Body = Record<string, unknown> & {
  channel_id: string;
  delivery_id: string;
  secret?: string;
  name: string;
  config: { url_hint?: string };
  items: (Record<string, unknown> & { channel_id: string; delivery_id: string })[];
  next_cursor: string | null;
  error: { code: string; details: { field: string }[] };
};

async function api(
  org: Org,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = apiKey(org.api_key),
) {
  const res = await p.request(`/api/v1/notifications/${org.org_slug}${path}`, {
    method,
    headers,
    ...(json === undefined ? {} : { json }),
  });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : null) as Body };
}

const create = (org: Org, body: Record<string, unknown>) => api(org, 'POST', '/channels', body);
const fields = (r: { body: Body }) => r.body.error.details.map((d) => d.field);

describe('webhook channel', () => {
  it('returns the signing secret once; the test message is signed with it and answered with the outcome', async () => {
    const org = await p.onboard();
    const path = secretPath();
    const made = await create(org, {
      name: 'Ops hook',
      type: 'webhook',
      config: { url: `${receiver.base}${path}` },
    });
    expect(made.status).toBe(201);
    const secret = made.body.secret as string;
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(made.body).toMatchObject({ name: 'Ops hook', type: 'webhook', enabled: true });
    expect(made.body.config).toEqual({ url_hint: `${new URL(receiver.base).host}/…${path.slice(-4)}` });
    expect(made.text).not.toContain(path);

    const id = made.body.channel_id as string;
    const got = await api(org, 'GET', `/channels/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    const list = await api(org, 'GET', '/channels');
    expect(list.body.items.map((c: { channel_id: string }) => c.channel_id)).toEqual([id]);
    for (const text of [got.text, list.text]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(path);
    }

    const test = await api(org, 'POST', `/channels/${id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ channel_id: id, status: 'delivered', http_status: 200, error: null });
    const [hit] = to(path);
    const message = JSON.parse(hit!.body) as Record<string, unknown>;
    expect(message).toEqual({
      event: 'test',
      org_slug: org.org_slug,
      currency: 'USD',
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const timestamp = hit!.headers['x-cloudact-timestamp'] as string;
    const signature = hit!.headers['x-cloudact-signature'] as string;
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, timestamp, hit!.body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, timestamp, `${hit!.body} `, signature)).toBe(false);

    const history = await api(org, 'GET', '/history');
    expect(history.body.items).toEqual([
      expect.objectContaining({
        delivery_id: test.body.delivery_id,
        channel_id: id,
        event: 'test',
        alert_id: null,
        summary_id: null,
        status: 'delivered',
        attempts: 1,
        http_status: 200,
        last_error: null,
        payload: message,
        delivered_at: expect.any(String),
      }),
    ]);
  });

  it('records a 4xx as failed with its status, and a 5xx as failed but retryable', async () => {
    const org = await p.onboard();
    const gone = await create(org, {
      name: 'Gone',
      type: 'webhook',
      config: { url: `${receiver.base}/s/410${secretPath()}` },
    });
    const down = await create(org, {
      name: 'Down',
      type: 'webhook',
      config: { url: `${receiver.base}/s/503${secretPath()}` },
    });
    const t410 = await api(org, 'POST', `/channels/${gone.body.channel_id}/test`);
    expect(t410.body).toMatchObject({ status: 'failed', http_status: 410, retryable: false });
    expect(t410.body.error).toContain('410');
    const t503 = await api(org, 'POST', `/channels/${down.body.channel_id}/test`);
    expect(t503.body).toMatchObject({ status: 'failed', http_status: 503, retryable: true });
    const failed = await api(org, 'GET', `/history?status=failed&channel_id=${gone.body.channel_id}`);
    expect(failed.body.items).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, http_status: 410, delivered_at: null }),
    ]);
    expect(failed.body.items[0]!.last_error).toContain('receiver says 410');
  });

  it('keeps its secret when its URL changes; renames, disables, deletes (history stays)', async () => {
    const org = await p.onboard();
    const made = await create(org, {
      name: 'Hook',
      type: 'webhook',
      config: { url: `${receiver.base}${secretPath()}` },
    });
    const id = made.body.channel_id as string;
    const moved = secretPath();
    const patched = await api(org, 'PATCH', `/channels/${id}`, {
      name: 'Hook v2',
      enabled: false,
      config: { url: `${receiver.base}${moved}` },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Hook v2',
      enabled: false,
      config: { url_hint: expect.any(String) },
    });
    expect((await api(org, 'POST', `/channels/${id}/test`)).body.status).toBe('delivered');
    const [hit] = to(moved);
    expect(
      verifyWebhookSignature(
        made.body.secret as string,
        hit!.headers['x-cloudact-timestamp'] as string,
        hit!.body,
        hit!.headers['x-cloudact-signature'] as string,
      ),
    ).toBe(true);
    await create(org, { name: 'Other', type: 'email', config: { to: ['a@example.com'] } });
    expect((await api(org, 'PATCH', `/channels/${id}`, { name: 'Other' })).status).toBe(409);
    expect(
      (await create(org, { name: 'Other', type: 'email', config: { to: ['b@example.com'] } })).status,
    ).toBe(409);
    expect((await api(org, 'DELETE', `/channels/${id}`)).status).toBe(204);
    expect((await api(org, 'GET', `/channels/${id}`)).status).toBe(404);
    expect((await api(org, 'DELETE', `/channels/${id}`)).status).toBe(404);
    const history = await api(org, 'GET', `/history?channel_id=${id}`);
    expect(history.body.items).toHaveLength(1);
  });
});

describe('Slack and Teams channels', () => {
  it('post Block Kit and an Adaptive Card to their incoming webhooks; the URLs are shown masked only', async () => {
    const org = await p.onboard();
    const slackPath = secretPath('/slack');
    const teamsPath = secretPath('/teams');
    const slack = await create(org, {
      name: 'Slack',
      type: 'slack',
      config: { webhook_url: `${receiver.base}${slackPath}` },
    });
    const teams = await create(org, {
      name: 'Teams',
      type: 'teams',
      config: { webhook_url: `${receiver.base}${teamsPath}` },
    });
    expect(slack.status).toBe(201);
    expect(slack.body.secret).toBeUndefined();
    expect(slack.body.config.url_hint).toBe(`${new URL(receiver.base).host}/…${slackPath.slice(-4)}`);
    for (const c of [slack, teams]) {
      expect(c.text).not.toContain(slackPath);
      expect(c.text).not.toContain(teamsPath);
      const t = await api(org, 'POST', `/channels/${c.body.channel_id}/test`);
      expect(t.body).toMatchObject({ status: 'delivered', http_status: 200 });
    }
    const s = JSON.parse(to(slackPath)[0]!.body) as {
      text: string;
      blocks: { type: string; text?: unknown }[];
    };
    expect(s.text).toBe(`CloudAct test notification for ${org.org_slug}`);
    expect(s.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(s.blocks[0]!.text).toEqual({ type: 'plain_text', text: s.text, emoji: false });
    const m = JSON.parse(to(teamsPath)[0]!.body) as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; body: { text?: string; facts?: unknown[] }[] };
      }[];
    };
    expect(m.type).toBe('message');
    const card = m.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body[0]!.text).toBe(s.text);
    expect(card.content.body[2]!.facts).toContainEqual({
      title: 'Organization',
      value: org.org_slug,
    });
  });
});

describe('email channel', () => {
  it('sends through the local SMTP server, which writes the message as an .eml file', async () => {
    const org = await p.onboard();
    const made = await create(org, {
      name: 'FinOps',
      type: 'email',
      config: { to: ['finops@example.com', 'cfo@example.com'] },
    });
    expect(made.status).toBe(201);
    expect(made.body.config).toEqual({ to: ['finops@example.com', 'cfo@example.com'] });
    const t = await api(org, 'POST', `/channels/${made.body.channel_id}/test`);
    expect(t.body).toMatchObject({ status: 'delivered', http_status: 250, error: null });
    const dir = p.mail!.dir;
    expect(dir).toBe(join(p.dataDir, 'mail'));
    const mails = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .filter((text) => text.includes(`CloudAct test notification for ${org.org_slug}`));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Subject: CloudAct test notification for /m);
    expect(mails[0]).toMatch(/^To: finops@example\.com, cfo@example\.com/m);
    expect(mails[0]).toContain('Content-Type: text/html');
    expect(mails[0]).toContain('Content-Type: text/plain');
  });
});

describe('bad channel config', () => {
  const fifty1 = Array.from({ length: 51 }, (_, i) => `u${i}@example.com`);
  it.each([
    ['no recipient', { type: 'email', config: { to: [] } }, 'body.config.to'],
    ['a bad email', { type: 'email', config: { to: ['not-an-email'] } }, 'body.config.to.0'],
    ['51 recipients', { type: 'email', config: { to: fifty1 } }, 'body.config.to'],
    ['no Slack URL', { type: 'slack', config: {} }, 'body.config.webhook_url'],
    [
      'an ftp Teams URL',
      { type: 'teams', config: { webhook_url: 'ftp://example.com/x' } },
      'body.config.webhook_url',
    ],
    [
      'a private IPv4 webhook',
      { type: 'webhook', config: { url: 'https://10.0.0.1/hook' } },
      'body.config.url',
    ],
    [
      'the metadata address',
      { type: 'webhook', config: { url: 'https://169.254.169.254/latest/meta-data' } },
      'body.config.url',
    ],
    [
      'a unique-local IPv6 Slack URL',
      { type: 'slack', config: { webhook_url: 'https://[fd00::1]/x' } },
      'body.config.webhook_url',
    ],
    [
      'an IPv4-mapped private address',
      { type: 'webhook', config: { url: 'https://[::ffff:192.168.0.1]/x' } },
      'body.config.url',
    ],
    ['an unknown type', { type: 'sms', config: {} }, 'body.type'],
  ])('%s: 400 naming %s', async (_label, body, field) => {
    const org = await p.onboard();
    const r = await create(org, { name: 'Bad', ...body });
    expect(r.status, r.text).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(fields(r)).toContain(field);
  });

  it('checks a PATCHed config against the channel type', async () => {
    const org = await p.onboard();
    const made = await create(org, { name: 'Hook', type: 'webhook', config: { url: `${receiver.base}/ok` } });
    const id = made.body.channel_id as string;
    const bad = await api(org, 'PATCH', `/channels/${id}`, { config: { url: 'https://192.168.1.10/x' } });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['body.config.url']);
    const wrongType = await api(org, 'PATCH', `/channels/${id}`, { config: { to: ['a@example.com'] } });
    expect(wrongType.status).toBe(400);
    expect(fields(wrongType)).toContain('body.config.url');
  });
});

describe('tenancy and roles', () => {
  it("another org's channel id is 404 on every channel route; histories never mix", async () => {
    const a = await p.onboard();
    const b = await p.onboard();
    const made = await create(a, {
      name: 'A hook',
      type: 'webhook',
      config: { url: `${receiver.base}${secretPath()}` },
    });
    const id = made.body.channel_id as string;
    await api(a, 'POST', `/channels/${id}/test`);
    for (const [method, path, body] of [
      ['GET', `/channels/${id}`],
      ['PATCH', `/channels/${id}`, { name: 'mine now' }],
      ['POST', `/channels/${id}/test`],
      ['DELETE', `/channels/${id}`],
    ] as const) {
      const r = await api(b, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    expect((await api(b, 'GET', '/channels')).body.items).toEqual([]);
    expect((await api(b, 'GET', '/history')).body.items).toEqual([]);
    expect((await api(b, 'GET', `/history?channel_id=${id}`)).body.items).toEqual([]);
    // A's key on B's path: refused before any read.
    const cross = await p.request(`/api/v1/notifications/${b.org_slug}/channels`, {
      headers: apiKey(a.api_key),
    });
    expect(cross.status).toBe(403);
    expect((await api(a, 'GET', `/channels/${id}`)).body.name).toBe('A hook');
  });

  it('viewers read channels and history but cannot write or send', async () => {
    const org = await p.onboard();
    const made = await create(org, {
      name: 'Hook',
      type: 'webhook',
      config: { url: `${receiver.base}${secretPath()}` },
    });
    const id = made.body.channel_id as string;
    const email = `viewer-${org.org_slug.replace(/_/g, '-')}@example.test`;
    const add = await p.request(`/api/v1/organizations/${org.org_slug}/members/${email}`, {
      method: 'PUT',
      headers: apiKey(org.api_key),
      json: { role: 'viewer' },
    });
    expect(add.status).toBe(200);
    const viewer = bearer(await signUp(p, email));
    expect((await api(org, 'GET', '/channels', undefined, viewer)).status).toBe(200);
    expect((await api(org, 'GET', `/channels/${id}`, undefined, viewer)).status).toBe(200);
    expect((await api(org, 'GET', '/history', undefined, viewer)).status).toBe(200);
    const before = received.length;
    for (const [method, path, body] of [
      ['POST', '/channels', { name: 'V', type: 'email', config: { to: ['v@example.com'] } }],
      ['PATCH', `/channels/${id}`, { enabled: false }],
      ['POST', `/channels/${id}/test`],
      ['DELETE', `/channels/${id}`],
    ] as const) {
      const r = await api(org, method, path, body, viewer);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect(received.length).toBe(before);
    expect((await api(org, 'GET', `/channels/${id}`)).body).toMatchObject({ name: 'Hook', enabled: true });
  });
});

describe('history', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const org = await p.onboard();
    const made = await create(org, {
      name: 'Hook',
      type: 'webhook',
      config: { url: `${receiver.base}${secretPath()}` },
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await api(org, 'POST', `/channels/${made.body.channel_id}/test`)).body.delivery_id as string);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await api(org, 'GET', `/history?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((d: { delivery_id: string }) => d.delivery_id));
      cursor = page.body.next_cursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
    const bad = await api(org, 'GET', '/history?cursor=bm9wZQ');
    expect(bad.status).toBe(400);
  });
});

describe('secrets', () => {
  it('never stores or logs a channel URL or signing secret in plaintext', async () => {
    const org = await p.onboard();
    const slackPath = secretPath('/slack');
    const hookPath = secretPath();
    await create(org, {
      name: 'Slack',
      type: 'slack',
      config: { webhook_url: `${receiver.base}${slackPath}` },
    });
    const hook = await create(org, {
      name: 'Hook',
      type: 'webhook',
      config: { url: `${receiver.base}${hookPath}` },
    });
    await create(org, {
      name: 'Teams',
      type: 'teams',
      config: { webhook_url: `${receiver.base}/s/400${slackPath}` },
    });
    const secret = hook.body.secret as string;
    for (const c of (await api(org, 'GET', '/channels')).body.items as { channel_id: string }[])
      await api(org, 'POST', `/channels/${c.channel_id}/test`);
    const db = await p.ctx.db();
    // Every row of every table, as secrets-at-rest.int.test.ts scans them.
    const { rows: tables } = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    const rows: { j: string }[] = [];
    for (const { table_name } of tables)
      rows.push(
        ...(await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`)).rows,
      );
    const stored = rows.map((r) => r.j).join('\n');
    expect(stored).toContain('v1.local.'); // the scan sees the sealed material...
    const logs = p.logs.join('\n');
    expect(logs).toContain('notification test sent'); // ...and the sends' logs
    for (const plain of [slackPath, hookPath, secret]) {
      expect(stored).not.toContain(plain);
      expect(logs).not.toContain(plain);
    }
  });
});

describe('notification tables', () => {
  it('have row level security enabled; a delivery is claimed once per (channel, dedupe key)', async () => {
    const db = await p.ctx.db();
    const { rows } = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `SELECT relname, relrowsecurity FROM pg_class
       WHERE relname IN ('notification_channels', 'notification_deliveries')
         AND relnamespace = current_schema()::regnamespace ORDER BY relname`,
    );
    expect(rows).toEqual([
      { relname: 'notification_channels', relrowsecurity: true },
      { relname: 'notification_deliveries', relrowsecurity: true },
    ]);
    const org = await p.onboard();
    const made = await create(org, { name: 'Hook', type: 'webhook', config: { url: `${receiver.base}/ok` } });
    const other = await create(org, {
      name: 'Hook 2',
      type: 'webhook',
      config: { url: `${receiver.base}/ok` },
    });
    const claim = (channelId: string) =>
      claimDelivery(db, {
        orgSlug: org.org_slug,
        channelId,
        message: testMessage(org.org_slug, 'USD'),
        dedupeKey: 'alert:a1:2026-12-01',
      });
    const first = await claim(made.body.channel_id);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await claim(made.body.channel_id)).toBeUndefined();
    expect(await claim(other.body.channel_id)).toMatch(/^[0-9a-f-]{36}$/);
    const history = await api(org, 'GET', `/history?channel_id=${made.body.channel_id}`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ delivery_id: first, status: 'retrying', attempts: 0 }),
    ]);
  });
});
