/**
 * A delivery's send lease: `deliver-notification` sets `leased_until` before it sends and clears it when it records
 * the attempt, so two copies of the same message (Pub/Sub delivers at least once) never send at the same time; a
 * lease left by a sender that died expires and a redelivery takes the delivery over. `last_attempt_at` is when
 * the last attempt was recorded.
 */
export const sql = `
ALTER TABLE notification_deliveries ADD COLUMN leased_until timestamptz;
ALTER TABLE notification_deliveries ADD COLUMN last_attempt_at timestamptz;
`;
