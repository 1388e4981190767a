import { factsOf, leadOf, titleOf, type NotificationMessage } from './message.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subject, plain text and HTML of a notification email. */
export function emailContent(m: NotificationMessage): { subject: string; text: string; html: string } {
  const facts = factsOf(m);
  const text = [leadOf(m), '', ...facts.map(([k, v]) => `${k}: ${v}`), '', '-- CloudAct'].join('\n');
  const rows = facts
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const html =
    `<!doctype html><html><body><h2>${escapeHtml(titleOf(m))}</h2><p>${escapeHtml(leadOf(m))}</p>` +
    `<table cellpadding="4">${rows}</table><p style="color:#666">CloudAct</p></body></html>`;
  return { subject: titleOf(m), text, html };
}
