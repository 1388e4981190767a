import { factsOf, leadOf, titleOf, type NotificationMessage } from './message.js';

/** A Slack incoming-webhook message: Block Kit blocks, with `text` as the notification fallback. */
export function slackBody(m: NotificationMessage) {
  const facts = factsOf(m);
  return {
    text: titleOf(m),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: titleOf(m).slice(0, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: leadOf(m) } },
      {
        type: 'section',
        // Slack allows at most 10 fields per section.
        fields: facts.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${v}` })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `CloudAct · ${m.event}` }] },
    ],
  };
}
