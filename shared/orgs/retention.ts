import type { Queryable } from '../ports/database/port.js';
import { deleteOldQuotaRows } from '../pipelines/quota.js';

/** Quota counters are kept this many days (the seed's quota-cleanup). */
export const QUOTA_RETENTION_DAYS = 90;
/** A self-serve org creation can be retried with its Idempotency-Key for this long. */
export const IDEMPOTENCY_KEY_HOURS = 24;
/** Rate-limit windows are a minute long; older ones are of no use after this. */
const RATE_LIMIT_WINDOW_KEEP_MINUTES = 60;

/**
 * The daily quota-cleanup job: deletes quota counters older than QUOTA_RETENTION_DAYS, expired org-creation
 * idempotency keys (with the encrypted response they hold) and past rate-limit windows. Counts what went.
 */
export async function cleanupCounters(db: Queryable, now: Date) {
  const quota_rows = await deleteOldQuotaRows(db, now, QUOTA_RETENTION_DAYS);
  const idem = await db.query(
    'DELETE FROM org_create_requests WHERE created_at < $1::timestamptz - make_interval(hours => $2)',
    [now, IDEMPOTENCY_KEY_HOURS],
  );
  const windows = await db.query(
    'DELETE FROM rate_limit_windows WHERE window_start < $1::timestamptz - make_interval(mins => $2)',
    [now, RATE_LIMIT_WINDOW_KEEP_MINUTES],
  );
  return { quota_rows, idempotency_keys: idem.rowCount, rate_limit_windows: windows.rowCount };
}
