import { useQuery } from '@tanstack/react-query';
import { addDays } from '../../../../shared/time/day.js';
import { useServices } from '../../app/services.js';
import { Alert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { formatMoney } from '../../lib/money.js';
import { formatRange, utcToday } from '../../lib/utc-days.js';
import { byHierarchyQuery } from '../costs/queries.js';
import { RequireRole } from '../org/use-role.js';

/** The last 30 days' Unallocated cost (GET /costs/{org}/by-hierarchy, entity null) and "create a rule for this". */
export function UnallocatedCard(props: { org: string; onCreateRule: () => void }) {
  const { api } = useServices();
  const end = utcToday();
  const range = { start_date: addDays(end, -29), end_date: end };
  const q = useQuery(byHierarchyQuery(api, props.org, range));
  const row = q.data?.items.find((i) => i.entity_id === null);
  return (
    <Alert title="Unallocated cost">
      <div className="flex flex-wrap items-center gap-3" data-testid="unallocated">
        {q.isPending ? (
          <Skeleton className="h-4 w-48" />
        ) : q.isError ? (
          <span>{q.error.message}</span>
        ) : (
          <span>
            {formatRange({ start: range.start_date, end: range.end_date })}:{' '}
            <strong data-testid="unallocated-amount">
              {formatMoney(row?.billed_cost ?? 0, q.data.currency)}
            </strong>{' '}
            no allocation rule assigns to an entity.
          </span>
        )}
        <RequireRole min="member">
          {(disabled) => (
            <Button size="sm" variant="secondary" disabled={disabled} onClick={props.onCreateRule}>
              Create a rule for this
            </Button>
          )}
        </RequireRole>
      </div>
    </Alert>
  );
}
