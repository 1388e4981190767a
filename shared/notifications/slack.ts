import { factsOf, leadOf, sectionsOf, titleOf, type NotificationMessage } from './message.js';

/** Slack's mrkdwn control characters (a name like `<!channel>` must not become a mention or a link). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack allows at most 10 fields per section, each at most 2,000 characters. */
const fieldsOf = (pairs: [string, string][]) =>
  pairs.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${esc(k)}*\n${esc(v)}`.slice(0, 2000) }));

/**
 * A Slack incoming-webhook message: Block Kit blocks, with `text` as the notification fallback. A summary adds
 * one section per detail group (cost types, movers by provider / service / hierarchy entity, unpriced usage,
 * failed runs), its lines as fields.
 */
export function slackBody(m: NotificationMessage) {
  const details = sectionsOf(m).flatMap((s) => [
    { type: 'divider' },
    s.lines.length === 0
      ? { type: 'section', text: { type: 'mrkdwn', text: `*${esc(s.title)}*\n${esc(s.empty)}` } }
      : { type: 'section', text: { type: 'mrkdwn', text: `*${esc(s.title)}*` }, fields: fieldsOf(s.lines) },
  ]);
  return {
    text: titleOf(m),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: titleOf(m).slice(0, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: esc(leadOf(m)) } },
      { type: 'section', fields: fieldsOf(factsOf(m)) },
      ...details,
      { type: 'context', elements: [{ type: 'mrkdwn', text: `CloudAct · ${m.event}` }] },
    ],
  };
}
