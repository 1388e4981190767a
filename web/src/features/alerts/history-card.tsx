import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import type { z } from 'zod';
import type { DeliverySchema } from '../../../../shared/contracts/notifications.js';
import { useServices } from '../../app/services.js';
import { alertsQuery, channelsQuery, deliveryHistoryQuery, summariesQuery } from '../../app/queries.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { EVENT_LABELS, FREQUENCY_LABELS, anyRetrying, formatTimestamp } from './model.js';
import { DeliveryBadge, RowsSkeleton, useOrgLocale } from './common.js';

type Delivery = z.output<typeof DeliverySchema>;

/** Every delivery, newest first, cursor paged ("Load more"); it refreshes itself while one is being retried. */
export function HistoryCard({ org }: { org: string }) {
  const { api } = useServices();
  const history = useInfiniteQuery({
    ...deliveryHistoryQuery(api, org),
    refetchInterval: (q) => (anyRetrying(q.state.data?.pages) ? 3000 : false),
  });
  const names = useNames(org);
  const { timeZone } = useOrgLocale(org);
  const rows = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card aria-labelledby="history-title" data-testid="history">
      <CardTitle
        action={
          <Button
            size="sm"
            variant="ghost"
            disabled={history.isFetching}
            onClick={() => void history.refetch()}
          >
            <RefreshCw aria-hidden="true" className="size-4" />
            Refresh
          </Button>
        }
      >
        <span id="history-title">Delivery history</span>
      </CardTitle>
      {history.isPending ? (
        <RowsSkeleton rows={4} />
      ) : !history.data ? (
        <ErrorAlert error={history.error} title="Could not load the delivery history" />
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted">Nothing sent yet. Send a test to a channel to see it here.</p>
      ) : (
        <div className="space-y-3">
          <DataTable
            caption="Delivery history"
            columns={historyColumns(timeZone, names)}
            rows={rows}
            rowId={(d) => d.delivery_id}
            testId="history-table"
            className="max-h-[32rem]"
          />
          {history.isFetchNextPageError ? (
            <ErrorAlert error={history.error} title="Could not load more" />
          ) : null}
          {history.hasNextPage ? (
            <div className="flex justify-center">
              <Button
                variant="secondary"
                size="sm"
                disabled={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                {history.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </Card>
  );
}

interface Names {
  channel: (d: Delivery) => string;
  subject: (d: Delivery) => string;
}

/** Names for a delivery's ids: its channel, and the alert or summary it was about (deleted ones say so). */
function useNames(org: string): Names {
  const { api } = useServices();
  const channels = useQuery(channelsQuery(api, org));
  const alerts = useQuery(alertsQuery(api, org));
  const summaries = useQuery(summariesQuery(api, org));
  return {
    channel: (d) =>
      channels.data?.items.find((c) => c.channel_id === d.channel_id)?.name ?? 'deleted channel',
    subject: (d) => {
      if (d.alert_id) {
        const name = alerts.data?.items.find((a) => a.alert_id === d.alert_id)?.name;
        const sent = typeof d.payload.alert_name === 'string' ? d.payload.alert_name : undefined;
        return name ?? sent ?? 'deleted alert';
      }
      if (d.summary_id) {
        const s = summaries.data?.items.find((x) => x.summary_id === d.summary_id);
        return s ? `${FREQUENCY_LABELS[s.frequency]} summary` : 'Summary';
      }
      return d.event === 'test' ? 'Test message' : '—';
    },
  };
}

function historyColumns(timeZone: string, names: Names): DataColumn<Delivery>[] {
  return [
    {
      id: 'created_at',
      header: 'Sent',
      sortValue: (d) => d.created_at,
      cell: (d) => (
        <span data-volatile className="whitespace-nowrap">
          {formatTimestamp(d.created_at, timeZone)}
        </span>
      ),
    },
    { id: 'event', header: 'Event', sortValue: (d) => d.event, cell: (d) => EVENT_LABELS[d.event] },
    { id: 'subject', header: 'About', sortValue: names.subject, cell: names.subject },
    { id: 'channel', header: 'Channel', sortValue: names.channel, cell: names.channel },
    {
      id: 'status',
      header: 'Status',
      sortValue: (d) => d.status,
      cell: (d) => <DeliveryBadge status={d.status} />,
    },
    {
      id: 'attempts',
      header: 'Attempts',
      numeric: true,
      sortValue: (d) => d.attempts,
      cell: (d) => d.attempts,
    },
    {
      id: 'http_status',
      header: 'Reply',
      numeric: true,
      sortValue: (d) => d.http_status,
      cell: (d) => d.http_status ?? '—',
    },
    {
      id: 'last_error',
      header: 'Last error',
      sortValue: (d) => d.last_error ?? '',
      cell: (d) =>
        d.last_error ? (
          <span className="break-words text-danger">{d.last_error}</span>
        ) : (
          <span className="text-muted">—</span>
        ),
    },
  ];
}
