/** The event bus port: in-process locally, Pub/Sub in production; both carry the same CloudEvent envelope. */
export interface EventBus {
  readonly kind: 'in-process' | 'pubsub';
  /** Publishes a JSON payload; resolves with the message id. */
  publish(topic: string, payload: unknown, attributes?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export const deadLetterTopic = (topic: string) => `${topic}-dead-letter`;
