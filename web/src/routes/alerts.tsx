import { useMembership } from '../features/org/use-role.js';
import { ChannelsCard } from '../features/alerts/channels-card.js';
import { AlertsCard } from '../features/alerts/alerts-card.js';
import { SummariesCard } from '../features/alerts/summaries-card.js';
import { HistoryCard } from '../features/alerts/history-card.js';

/** `/$org/alerts`: notification channels, alerts, scheduled summaries and what was delivered. */
export function AlertsPage() {
  const { org } = useMembership();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts and notifications</h1>
        <p className="mt-1 text-sm text-muted">
          Tell people when costs cross a line, change fast or stop arriving, and send them a regular digest.
        </p>
      </div>
      <ChannelsCard org={org} />
      <AlertsCard org={org} />
      <SummariesCard org={org} />
      <HistoryCard org={org} />
    </div>
  );
}
