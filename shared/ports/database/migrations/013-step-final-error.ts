/**
 * A step's final failure whose recording failed (the database refused it): the delivery that ran the step leaves
 * the error in `final_error` and lets go of its claim (`released_at`), and whoever meets the step next (the
 * redelivery of its message, the stale cleanup, the dead letter) records that failure instead of running the step
 * again or failing it with another reason. A claim let go is the redelivery's to take over: the stale cleanup
 * leaves it alone for as long as a redelivery may take.
 */
export const sql = `
ALTER TABLE pipeline_steps ADD COLUMN final_error text;
ALTER TABLE pipeline_steps ADD COLUMN released_at timestamptz;
`;
