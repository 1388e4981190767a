import nodemailer, { type Transporter } from 'nodemailer';
import { emailContent } from './email.js';
import type { NotificationMessage } from './message.js';
import { failed, SEND_TIMEOUT_MS, type SendResult } from './send-result.js';

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
  const { subject, text, html } = emailContent(m);
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
