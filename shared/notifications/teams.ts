import { factsOf, leadOf, sectionsOf, titleOf, type NotificationMessage } from './message.js';

const factSet = (pairs: [string, string][]) => ({
  type: 'FactSet',
  facts: pairs.map(([title, value]) => ({ title, value })),
});

/**
 * A Microsoft Teams incoming-webhook message (Workflows and the classic connector both take it): one Adaptive
 * Card attachment with a title, the lead sentence and the facts; a summary adds one heading and FactSet per detail
 * group (cost types, movers by provider / service / hierarchy entity, unpriced usage, failed runs).
 */
export function teamsBody(m: NotificationMessage) {
  const details = sectionsOf(m).flatMap((s) => [
    { type: 'TextBlock', weight: 'Bolder', text: s.title, wrap: true, separator: true },
    s.lines.length === 0
      ? { type: 'TextBlock', text: s.empty, wrap: true, isSubtle: true }
      : factSet(s.lines),
  ]);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: titleOf(m), wrap: true },
            { type: 'TextBlock', text: leadOf(m), wrap: true },
            factSet(factsOf(m)),
            ...details,
          ],
        },
      },
    ],
  };
}
