import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useServices } from '../app/services.js';
import { integrationsQuery, orgProfileQuery } from '../app/queries.js';
import { ErrorAlert } from '../components/ui/alert.js';
import { Skeleton } from '../components/ui/skeleton.js';
import { cn } from '../components/ui/cn.js';
import { useMembership } from '../features/org/use-role.js';
import { presetRange, formatDay, utcToday } from '../lib/utc-days.js';
import { monthStart } from '../../../shared/time/day.js';
import {
  GENAI_PROVIDERS,
  isGenAiProvider,
  overrideCounts,
  overrideFormOf,
  priceBookRows,
  PROVIDER_LABELS,
  type GenAiProvider,
  type OverrideForm,
  type PricingItem,
} from '../features/pricing/model.js';
import { paygPricingQuery, providerPricingQuery } from '../features/pricing/queries.js';
import { PriceBookCard } from '../features/pricing/price-book-card.js';
import { UnpricedCard } from '../features/pricing/unpriced-card.js';
import { OverrideDialog } from '../features/pricing/override-dialog.js';
import { DeleteOverrideDialog, ResetDialog } from '../features/pricing/confirm-dialogs.js';
import { RerunCard, type PriceChange } from '../features/pricing/rerun-card.js';

const route = getRouteApi('/$org/pricing');

type Open =
  | { kind: 'override'; provider: GenAiProvider; initial: OverrideForm; modelFixed: boolean }
  | { kind: 'delete'; item: PricingItem }
  | { kind: 'reset' };

/** The page's heading and what a price is for. */
function PricingHeading() {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">GenAI pricing</h1>
      <p className="mt-1 text-sm text-muted">
        The price per 1M tokens each model&apos;s usage is costed at: the public price, or your negotiated
        price from a day on. A price change applies to costs when the provider&apos;s usage pipeline runs
        again for those days.
      </p>
    </div>
  );
}

/** The GenAI providers as links (`?provider=`), each with its count of overrides. */
function ProviderNav(props: { provider: GenAiProvider; counts: Partial<Record<GenAiProvider, number>> }) {
  const { provider, counts } = props;
  return (
    <nav aria-label="Providers" className="flex flex-wrap gap-2">
      {GENAI_PROVIDERS.map((p) => (
        <Link
          key={p}
          from="/$org/pricing"
          search={{ provider: p }}
          aria-current={p === provider ? 'page' : undefined}
          className={cn(
            'rounded-md border px-3 py-1.5 text-sm',
            p === provider
              ? 'border-accent bg-accent text-accent-contrast'
              : 'border-line bg-surface text-text hover:bg-surface-2',
          )}
        >
          {PROVIDER_LABELS[p]}
          {counts[p] ? (
            <span className="ml-1.5 tabular-nums" data-testid={`override-count-${p}`}>
              ({counts[p]} override{counts[p] === 1 ? '' : 's'})
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The last price change, numbered: each change gets its own re-run card (a second save of the same price offers a
 * new re-run).
 */
function usePriceChange() {
  const [change, setCurrent] = useState<{ seq: number; change: PriceChange }>();
  const setChange = (c: PriceChange | undefined) =>
    setCurrent((prev) => (c ? { seq: (prev?.seq ?? 0) + 1, change: c } : undefined));
  return [change, setChange] as const;
}

/** The open dialog (override form, delete or reset confirmation); each reports its change for a re-run. */
function PricingDialogs(props: {
  org: string;
  provider: GenAiProvider;
  open: Open | undefined;
  overrides: PricingItem[];
  orgCurrency: string | undefined;
  close: () => void;
  setChange: (change: PriceChange) => void;
}) {
  const { org, provider, open, overrides, close, setChange } = props;
  if (open?.kind === 'override') {
    return (
      <OverrideDialog
        org={org}
        provider={open.provider}
        initial={open.initial}
        modelFixed={open.modelFixed}
        orgCurrency={props.orgCurrency}
        onClose={close}
        onSaved={(item) => {
          close();
          setChange({
            provider: open.provider,
            what: `The override of ${item.model} from ${formatDay(item.effective_from)} is saved.`,
            from: item.effective_from,
            to: item.effective_to,
          });
        }}
      />
    );
  }
  if (open?.kind === 'delete') {
    return (
      <DeleteOverrideDialog
        org={org}
        provider={provider}
        item={open.item}
        onClose={close}
        onDeleted={() => {
          close();
          setChange({
            provider,
            what: `The override of ${open.item.model} from ${formatDay(open.item.effective_from)} is deleted.`,
            from: open.item.effective_from,
            to: open.item.effective_to,
          });
        }}
      />
    );
  }
  if (open?.kind === 'reset') {
    return (
      <ResetDialog
        org={org}
        provider={provider}
        overrides={overrides}
        onClose={close}
        onReset={(deleted) => {
          close();
          const from = overrides.map((o) => o.effective_from).sort()[0];
          if (from)
            setChange({
              provider,
              what: `${deleted} override${deleted === 1 ? '' : 's'} of ${PROVIDER_LABELS[provider]} deleted: public prices apply again.`,
              from,
              to: null,
            });
        }}
      />
    );
  }
  return null;
}

/**
 * `/$org/pricing`: the GenAI price book of one provider (`?provider=`): public prices and the org's overrides side
 * by side, dated; set, edit and delete an override from a day, reset the provider; the models with unpriced usage
 * (`?set=<model>` opens the form for one); after a change, "Re-run pricing" over the days it touches.
 */
export function PricingPage() {
  const { org } = useMembership();
  const { api } = useServices();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const today = utcToday();
  const integrations = useQuery(integrationsQuery(api, org));
  const profile = useQuery(orgProfileQuery(api, org));
  const payg = useQuery(paygPricingQuery(api, org));
  // The provider in the URL, else the first connected GenAI provider, else OpenAI.
  const connected = GENAI_PROVIDERS.find((p) => integrations.data?.items.some((i) => i.provider === p));
  const provider: GenAiProvider = isGenAiProvider(search.provider)
    ? search.provider
    : (connected ?? 'openai');
  const pricing = useQuery(providerPricingQuery(api, org, provider));
  const rows = priceBookRows(pricing.data?.items ?? []);
  const [chosen, setOpen] = useState<Open>();
  const [change, setChange] = usePriceChange();
  const newFrom = monthStart(today);
  // `?set=<model>` (a link from unpriced usage) opens the form prefilled until it is closed.
  const open: Open | undefined =
    chosen ??
    (search.set
      ? { kind: 'override', provider, initial: overrideFormOf(search.set, newFrom), modelFixed: false }
      : undefined);
  const close = () => {
    setOpen(undefined);
    if (search.set) void navigate({ search: (s) => ({ ...s, set: undefined }), replace: true });
  };
  const newOverride = (p: GenAiProvider, model: string, modelFixed: boolean, from?: PricingItem) =>
    setOpen({ kind: 'override', provider: p, initial: overrideFormOf(model, newFrom, from), modelFixed });

  return (
    <div className="space-y-6">
      <PricingHeading />
      <ProviderNav provider={provider} counts={overrideCounts(payg.data?.items ?? [])} />
      {change ? (
        <RerunCard key={change.seq} org={org} change={change.change} onDismiss={() => setChange(undefined)} />
      ) : null}
      {pricing.isError ? (
        <ErrorAlert error={pricing.error} title="Could not load the prices" />
      ) : pricing.isPending ? (
        <Skeleton className="h-64" />
      ) : (
        <PriceBookCard
          provider={provider}
          rows={rows}
          today={today}
          onNew={() => newOverride(provider, '', false)}
          onSet={(row, from) => newOverride(provider, row.model, true, from)}
          onDelete={(item) => setOpen({ kind: 'delete', item })}
          onReset={() => setOpen({ kind: 'reset' })}
        />
      )}
      <UnpricedCard
        org={org}
        range={presetRange('last_90_days', today)}
        onSetPrice={(p, model) => {
          void navigate({ search: (s) => ({ ...s, provider: p }) });
          newOverride(p, model, false);
        }}
      />
      <PricingDialogs
        org={org}
        provider={provider}
        open={open}
        overrides={rows.flatMap((r) => r.overrides)}
        orgCurrency={profile.data?.currency}
        close={close}
        setChange={setChange}
      />
    </div>
  );
}
