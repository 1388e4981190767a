import nodemailer, { type Transporter } from 'nodemailer';
import { emailContent } from './email.js';
import { factsOf, leadOf, sectionsOf, titleOf, type NotificationMessage } from './message.js';
import { failed, SEND_TIMEOUT_MS, type SendResult } from './send-result.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const table = (pairs: [string, string][]) =>
  `<table cellpadding="4">${pairs
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('')}</table>`;

/**
 * Subject, plain text and HTML of a notification email: a summary with its totals and one part per detail group
 * (cost types, movers by provider / service / hierarchy entity, unpriced usage, failed runs); other events as
 * `emailContent` renders them. Every value is HTML-escaped in the HTML part; the text part is plain.
 */
export function mailContent(m: NotificationMessage): { subject: string; text: string; html: string } {
  if (!m.summary) return emailContent(m);
  const sections = sectionsOf(m);
  const text = [
    leadOf(m),
    '',
    ...factsOf(m).map(([k, v]) => `${k}: ${v}`),
    ...sections.flatMap((s) => [
      '',
      s.title,
      ...(s.lines.length === 0 ? [`  ${s.empty}`] : s.lines.map(([k, v]) => `  ${k}: ${v}`)),
    ]),
    '',
    '-- CloudAct',
  ].join('\n');
  const html =
    `<!doctype html><html><body><h2>${escapeHtml(titleOf(m))}</h2><p>${escapeHtml(leadOf(m))}</p>` +
    table(factsOf(m)) +
    sections
      .map(
        (s) =>
          `<h3>${escapeHtml(s.title)}</h3>` +
          (s.lines.length === 0 ? `<p>${escapeHtml(s.empty)}</p>` : table(s.lines)),
      )
      .join('') +
    '<p style="color:#666">CloudAct</p></body></html>';
  return { subject: titleOf(m), text, html };
}

const transports = new Map<string, Transporter>();

/** One pooled-free SMTP transport per server URL, created on first use, kept per instance. */
function transportFor(smtpUrl: string, timeoutMs: number): Transporter {
  const key = `${smtpUrl}\0${timeoutMs}`;
  let t = transports.get(key);
  if (!t) {
    t = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    transports.set(key, t);
  }
  return t;
}

const RETRYABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/** SMTP reply codes mean the opposite of HTTP's: 4xx is "try again later", 5xx is final. */
function classify(err: unknown): SendResult {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const code = e.responseCode;
  const message = `The mail server refused the message: ${(e.message ?? String(err)).slice(0, 300)}`;
  if (typeof code === 'number') return failed(message, code < 500, code);
  return failed(message, RETRYABLE_CODES.has(e.code ?? ''));
}

export interface MailOptions {
  /** SMTP_URL; undefined when none is configured (email cannot be sent). */
  smtpUrl: string | undefined;
  from: string;
  timeoutMs?: number;
}

/** Sends a notification email (HTML and text) to the channel's recipients. */
export async function sendEmail(
  to: readonly string[],
  m: NotificationMessage,
  o: MailOptions,
): Promise<SendResult> {
  if (!o.smtpUrl) return failed('Email is not configured on this deployment: set SMTP_URL.', false);
  const { subject, text, html } = mailContent(m);
  try {
    const info = (await transportFor(o.smtpUrl, o.timeoutMs ?? SEND_TIMEOUT_MS).sendMail({
      from: o.from,
      to: [...to],
      subject,
      text,
      html,
    })) as { rejected?: unknown[]; response?: string };
    const status = Number.parseInt(info.response ?? '', 10);
    return { ok: true, ...(Number.isFinite(status) ? { status } : {}) };
  } catch (err) {
    return classify(err);
  }
}
