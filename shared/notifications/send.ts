import { postToReceiver, type HttpSendOptions } from './http-send.js';
import { sendEmail, type MailOptions } from './mail.js';
import type { NotificationMessage } from './message.js';
import type { SendResult } from './send-result.js';
import { signWebhook } from './signature.js';
import { slackBody } from './slack.js';
import { teamsBody } from './teams.js';

/** A channel with its secret material decrypted: what a sender needs, nothing else. */
export type ChannelTarget =
  | { type: 'email'; to: string[] }
  | { type: 'slack' | 'teams'; webhook_url: string }
  | { type: 'webhook'; url: string; secret: string };

export interface SendOptions extends HttpSendOptions {
  mail: MailOptions;
  /** The signature timestamp (seconds since the epoch); now by default. */
  now?: () => Date;
}

/** Sends one message through one channel and reports the outcome (never throws for a receiver's failure). */
export async function sendToChannel(
  target: ChannelTarget,
  m: NotificationMessage,
  o: SendOptions,
): Promise<SendResult> {
  switch (target.type) {
    case 'email':
      return sendEmail(target.to, m, o.mail);
    case 'slack':
      return postToReceiver(target.webhook_url, JSON.stringify(slackBody(m)), {}, o);
    case 'teams':
      return postToReceiver(target.webhook_url, JSON.stringify(teamsBody(m)), {}, o);
    case 'webhook': {
      const body = JSON.stringify(m);
      const timestamp = String(Math.floor((o.now?.() ?? new Date()).getTime() / 1000));
      return postToReceiver(
        target.url,
        body,
        {
          'x-cloudact-timestamp': timestamp,
          'x-cloudact-signature': signWebhook(target.secret, timestamp, body),
          'x-cloudact-event': m.event,
        },
        o,
      );
    }
  }
}
