import { PubSub } from '@google-cloud/pubsub';
import type { EventBus } from './port.js';

/** Production bus: Pub/Sub topics provisioned by Terraform (push subscriptions deliver to the functions). */
export function pubSubBus(
  projectId: string | undefined,
  client: Pick<PubSub, 'topic'> = new PubSub({ projectId }),
): EventBus {
  return {
    kind: 'pubsub',
    publish: (topic, payload, attributes = {}) =>
      client.topic(topic).publishMessage({ json: payload, attributes }),
    close: async () => undefined,
  };
}
