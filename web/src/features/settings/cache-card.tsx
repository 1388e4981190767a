import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { RequireRole } from '../org/use-role.js';
import { Facts, Loaded, SettingsCard, useSettingsWrite } from './common.js';
import { cacheStatsQuery } from './queries.js';
import { formatBytes, formatPercent } from './model.js';

const n = (v: number) => new Intl.NumberFormat('en-US').format(v);

/** The cost cache of this API instance (GET …/cache/stats) and "Invalidate" (members and up). */
export function CacheCard({ org }: { org: string }) {
  const { api } = useServices();
  const stats = useQuery(cacheStatsQuery(api, org));
  const [done, setDone] = useState<{ invalidated: number; version: number }>();
  // Invalidating bumps the org's data version: its cost pages read afresh too.
  const invalidate = useSettingsWrite(org, ['cache-stats', 'costs'], async () => {
    const { data } = await api.POST('/api/v1/costs/{org}/cache/invalidate', { params: { path: { org } } });
    return data!;
  });
  return (
    <SettingsCard
      id="cache"
      title="Cost cache"
      lead="Cost pages are answered from a cache that a completed pipeline run refreshes. Invalidate it if figures look out of date; the next views read the warehouse again."
      action={
        <RequireRole min="member">
          {(disabled) => (
            <Button
              size="sm"
              variant="secondary"
              disabled={disabled || invalidate.isPending}
              onClick={() => {
                setDone(undefined);
                void invalidate.mutateAsync(undefined).then(setDone, () => {});
              }}
            >
              <RefreshCw aria-hidden="true" className="size-4" />
              {invalidate.isPending ? 'Invalidating…' : 'Invalidate cache'}
            </Button>
          )}
        </RequireRole>
      }
    >
      <Loaded query={stats} what="cache statistics" lines={2}>
        {(s) => (
          <Facts
            testId="cache-stats"
            items={[
              ['Entries', n(s.entries)],
              ['Size', `${formatBytes(s.bytes)} of ${formatBytes(s.max_bytes)}`],
              ['Hit rate', s.hits + s.misses > 0 ? formatPercent(s.hit_rate) : '—'],
              ['Hits / misses', `${n(s.hits)} / ${n(s.misses)}`],
              ['Evictions', n(s.evictions)],
              ['Data version', <span data-testid="cache-version">{n(s.version)}</span>],
            ]}
          />
        )}
      </Loaded>
      <p className="text-xs text-muted">
        Figures are of the API instance that answered; each instance has its own cache.
      </p>
      {invalidate.error ? (
        <ErrorAlert error={invalidate.error} title="Could not invalidate the cache" />
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-success">
          Invalidated {n(done.invalidated)} {done.invalidated === 1 ? 'entry' : 'entries'}; the data version
          is now {n(done.version)}.
        </p>
      ) : null}
    </SettingsCard>
  );
}
