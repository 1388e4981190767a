import { useQuery } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { quotaQuery } from '../../app/queries.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';

const n = (v: number) => new Intl.NumberFormat('en-US').format(v);

function Meter({ label, used, limit }: { label: string; used: number; limit: number }) {
  const share = limit > 0 ? Math.min(1, used / limit) : 0;
  return (
    <div>
      <div className="flex justify-between text-xs">
        <span className="text-muted">{label}</span>
        <span className="font-medium tabular-nums">
          {n(used)} / {n(limit)}
        </span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={used}
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-surface-2"
      >
        <div className="h-full rounded-full bg-accent" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

/** The plan's limits and what this org has used of them (GET /organizations/{org}/quota). */
export function QuotaCard({ org }: { org: string }) {
  const { api } = useServices();
  const quota = useQuery(quotaQuery(api, org));
  return (
    <Card aria-labelledby="quota-title">
      <CardTitle>
        <span id="quota-title">Usage</span>
      </CardTitle>
      {quota.isPending ? (
        <div className="space-y-3" aria-busy="true">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-7" />
          ))}
        </div>
      ) : quota.isError ? (
        <ErrorAlert error={quota.error} title="Could not load the usage" />
      ) : (
        <div className="space-y-3" data-testid="quota">
          <Meter label="Pipeline runs today" used={quota.data.daily.used} limit={quota.data.daily.limit} />
          <Meter label="Runs this month" used={quota.data.monthly.used} limit={quota.data.monthly.limit} />
          <Meter
            label="Runs in progress"
            used={quota.data.concurrent.running}
            limit={quota.data.concurrent.limit}
          />
          <Meter label="Seats" used={quota.data.seats.used} limit={quota.data.seats.limit} />
          <Meter label="Providers" used={quota.data.providers.used} limit={quota.data.providers.limit} />
        </div>
      )}
    </Card>
  );
}
