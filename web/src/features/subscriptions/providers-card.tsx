import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { cn } from '../../components/ui/cn.js';
import { saasProvidersQuery } from '../costs/queries.js';
import { OnOffBadge, useSaasWrite, WriteButton } from './common.js';
import type { ProviderItem } from './model.js';

/**
 * The SaaS providers: the catalogue and any the org added, with their plan count; enable or disable one (disabled,
 * its plans stop accruing from today) and open its plans (`?provider=` in the URL).
 */
export function ProvidersCard(props: {
  org: string;
  selected?: string | undefined;
  onToggled: (p: ProviderItem, enabled: boolean) => void;
}) {
  const { org, selected } = props;
  const { api } = useServices();
  const providers = useQuery(saasProvidersQuery(api, org));
  const set = useSaasWrite(org, async (p: ProviderItem) => {
    await api.PUT('/api/v1/subscriptions/{org}/providers/{provider}', {
      params: { path: { org, provider: p.provider } },
      body: { enabled: !p.enabled },
    });
    return p;
  });
  return (
    <Card aria-labelledby="saas-providers-title" data-testid="saas-providers">
      <CardTitle>
        <span id="saas-providers-title">Providers</span>
      </CardTitle>
      <p className="mb-3 text-sm text-muted">
        Enable the tools you pay for and choose one to see its plans. A disabled provider’s plans stop
        accruing from today; earlier cost stays.
      </p>
      {set.error ? <ErrorAlert error={set.error} title="The provider was not changed" /> : null}
      {providers.isPending ? (
        <div aria-busy="true" className="space-y-2">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : providers.data ? (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="saas-providers-list">
          {providers.data.items.map((p) => (
            <li
              key={p.provider}
              className={cn(
                'flex items-start justify-between gap-2 rounded-md border p-3',
                p.provider === selected ? 'border-accent bg-surface-2' : 'border-line',
              )}
            >
              <div className="min-w-0 space-y-1">
                <Link
                  to="/$org/subscriptions"
                  params={{ org }}
                  search={{ provider: p.provider }}
                  aria-current={p.provider === selected ? 'true' : undefined}
                  className="block font-medium underline-offset-2 hover:underline"
                >
                  {p.display_name}
                </Link>
                <p className="text-xs text-muted">
                  {p.category} · {p.plan_count} plan{p.plan_count === 1 ? '' : 's'}
                </p>
                <OnOffBadge on={p.enabled} labels={['Enabled', 'Disabled']} />
              </div>
              <WriteButton
                label={p.enabled ? 'Disable' : 'Enable'}
                ariaLabel={`${p.enabled ? 'Disable' : 'Enable'} ${p.display_name}`}
                variant="secondary"
                busy={set.isPending && set.variables?.provider === p.provider}
                onClick={() =>
                  void set.mutateAsync(p).then(
                    (q) => props.onToggled(q, !q.enabled),
                    () => {},
                  )
                }
              />
            </li>
          ))}
        </ul>
      ) : (
        <ErrorAlert error={providers.error} title="Could not load the providers" />
      )}
    </Card>
  );
}
