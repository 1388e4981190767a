import { factsOf, leadOf, titleOf, type NotificationMessage } from './message.js';

/**
 * A Microsoft Teams incoming-webhook message (Workflows and the classic connector both take it): one Adaptive
 * Card attachment with a title, the lead sentence and the facts.
 */
export function teamsBody(m: NotificationMessage) {
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
            { type: 'FactSet', facts: factsOf(m).map(([title, value]) => ({ title, value })) },
          ],
        },
      },
    ],
  };
}
