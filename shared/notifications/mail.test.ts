import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalMailServer, type LocalMailServer } from './local-smtp.js';
import { sendEmail } from './mail.js';
import { testMessage, type NotificationMessage } from './message.js';

const message = testMessage('acme', 'EUR', new Date('2026-12-01T08:00:00Z'));
const from = 'CloudAct <notifications@cloudact.test>';

describe('the local mail catcher', () => {
  let dir: string;
  let mail: LocalMailServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloudact-mail-'));
    mail = await startLocalMailServer(join(dir, 'mail'));
  });
  afterAll(async () => {
    await mail.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('receives real SMTP on a loopback port and writes each message as an .eml file (owner-only)', async () => {
    expect(mail.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const r = await sendEmail(['a@example.com', 'b@example.com'], message, { smtpUrl: mail.url, from });
    expect(r).toEqual({ ok: true, status: 250 });
    const files = readdirSync(mail.dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(mail.dir, files[0]!), 'utf8');
    expect(eml).toMatch(/^From: CloudAct <notifications@cloudact\.test>/m);
    expect(eml).toMatch(/^To: a@example\.com, b@example\.com/m);
    expect(eml).toMatch(/^Subject: CloudAct test notification for acme/m);
    expect(eml).toContain('multipart/alternative');
    expect(eml).toContain('Organization: acme');
    expect(statSync(join(mail.dir, files[0]!)).mode & 0o777).toBe(0o600);
  });

  it('sends a summary as HTML and text: both parts carry the digest', async () => {
    const before = new Set(readdirSync(mail.dir));
    const summary: NotificationMessage = {
      event: 'summary',
      org_slug: 'acme',
      period_start: '2026-12-06',
      period_end: '2026-12-06',
      value: 42.5,
      currency: 'EUR',
      sent_at: '2026-12-07T07:00:00.000Z',
      summary: {
        frequency: 'daily',
        currency: 'EUR',
        period_start: '2026-12-06',
        period_end: '2026-12-06',
        previous_start: '2026-12-05',
        previous_end: '2026-12-05',
        total_billed_cost: 42.5,
        total_effective_cost: 40,
        previous_billed_cost: 50,
        previous_effective_cost: 50,
        billed_change: { amount: -7.5, percent: -15 },
        effective_change: { amount: -10, percent: -20 },
        by_cost_type: { cloud: { billed_cost: 42.5, effective_cost: 40, previous_billed_cost: 50 } },
        top_movers: {
          provider: [
            { key: 'gcp', name: 'gcp', current: 42.5, previous: 50, change: { amount: -7.5, percent: -15 } },
          ],
          service: [],
          hierarchy: [],
        },
        unpriced_usage: { count: 0, items: [] },
        failed_runs: { count: 0, items: [] },
      },
    };
    const r = await sendEmail(['a@example.com'], summary, { smtpUrl: mail.url, from });
    expect(r).toEqual({ ok: true, status: 250 });
    const [file] = readdirSync(mail.dir).filter((f) => f.endsWith('.eml') && !before.has(f));
    const eml = readFileSync(join(mail.dir, file!), 'utf8').replace(/=\r?\n/g, '');
    expect(eml).toMatch(/^Subject: CloudAct daily cost summary for acme: 2026-12-06/m);
    expect(eml).toMatch(/Content-Type: text\/plain/);
    expect(eml).toMatch(/Content-Type: text\/html/);
    expect(eml).toContain('Change vs previous: -7.5 EUR (-15%)');
    expect(eml).toContain('gcp: -7.5 EUR (-15%), now 42.5 EUR');
    expect(eml).toContain('Top movers by provider</h3>');
  });
});

describe('sendEmail outcomes', () => {
  let server: SMTPServer;
  let url: string;
  // Rejects recipients by their local part: perm@ with 550 (final), temp@ with 451 (try later).
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const local = address.address.split('@')[0];
        if (local === 'perm')
          return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        if (local === 'temp') return callback(Object.assign(new Error('Try later'), { responseCode: 451 }));
        callback();
      },
      onData(stream, _s, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a 5xx SMTP reply is a permanent failure with its code', async () => {
    const r = await sendEmail(['perm@example.com'], message, { smtpUrl: url, from });
    expect(r).toMatchObject({ ok: false, status: 550, retryable: false });
  });

  it('a 4xx SMTP reply is retryable (SMTP codes mean the opposite of HTTP ones)', async () => {
    const r = await sendEmail(['temp@example.com'], message, { smtpUrl: url, from });
    expect(r).toMatchObject({ ok: false, status: 451, retryable: true });
  });

  it('an unreachable server is retryable; no SMTP_URL is a permanent failure naming the setting', async () => {
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await sendEmail(['ok@example.com'], message, { smtpUrl: `smtp://127.0.0.1:${port}`, from });
    expect(down).toMatchObject({ ok: false, retryable: true });
    const none = await sendEmail(['ok@example.com'], message, { smtpUrl: undefined, from });
    expect(none).toMatchObject({ ok: false, retryable: false });
    if (!none.ok) expect(none.error).toContain('SMTP_URL');
  });
});
