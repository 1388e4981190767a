/**
 * A step's final failure whose recording failed (the database refused it): the delivery that ran the step leaves
 * the error here and lets go of its claim, and whoever meets the step next (the redelivery of its message, or the
 * stale cleanup) records that failure instead of running the step again or failing it with another reason.
 */
export const sql = `
ALTER TABLE pipeline_steps ADD COLUMN final_error text;
`;
