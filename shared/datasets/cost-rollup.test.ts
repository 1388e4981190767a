import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { costDailyRollup, rollupSelect } from './cost-rollup.js';

/**
 * A sync derives an org's rollup again only when its recorded version is older than the definition's
 * (shared/ports/warehouse/ensure-table.ts), so a change of its columns or of `rollupSelect` without a version bump
 * would leave every existing rollup computed the old way. This pins the definition to its version: after such a
 * change, bump `costDailyRollup.version` and put the new fingerprint here.
 */
const FINGERPRINTS: Record<number, string> = { 2: 'd1e7938125472036' };

describe('cost_daily_rollup definition', () => {
  it('changes only with a version bump', () => {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([costDailyRollup.columns, rollupSelect('source')]))
      .digest('hex')
      .slice(0, 16);
    expect({ version: costDailyRollup.version, fingerprint }).toEqual({
      version: costDailyRollup.version,
      fingerprint: FINGERPRINTS[costDailyRollup.version],
    });
  });
});
