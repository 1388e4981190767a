import { useQuery } from '@tanstack/react-query';
import { ListTodo } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { RequireRole } from '../org/use-role.js';
import { formatRange, type DayRange } from '../../lib/utc-days.js';
import { isGenAiProvider, PROVIDER_LABELS, type GenAiProvider } from './model.js';
import { unpricedUsageQuery } from './queries.js';

const n = new Intl.NumberFormat('en-US');

interface UnpricedModel {
  provider: string;
  model: string | null;
  lines: { token_type: string; quantity: number; unit: string; reason: string }[];
  first: string;
  last: string;
}

/** The unpriced rows (one per token type) grouped per provider and model, first and last day over them. */
function byModel(
  items: readonly {
    provider: string;
    model: string | null;
    token_type: string;
    quantity: number;
    unit: string;
    reason: string;
    first_date: string;
    last_date: string;
  }[],
): UnpricedModel[] {
  const out = new Map<string, UnpricedModel>();
  for (const i of items) {
    const key = `${i.provider}|${i.model ?? ''}`;
    let m = out.get(key);
    if (!m)
      out.set(
        key,
        (m = { provider: i.provider, model: i.model, lines: [], first: i.first_date, last: i.last_date }),
      );
    m.lines.push({ token_type: i.token_type, quantity: i.quantity, unit: i.unit, reason: i.reason });
    if (i.first_date < m.first) m.first = i.first_date;
    if (i.last_date > m.last) m.last = i.last_date;
  }
  return [...out.values()];
}

/**
 * Usage no price covers over `range` (GET /genai/{org}/usage/unpriced), per provider and model, with "Set a price"
 * opening the override form prefilled with the provider and model.
 */
export function UnpricedCard(props: {
  org: string;
  range: DayRange;
  onSetPrice: (provider: GenAiProvider, model: string) => void;
}) {
  const { api } = useServices();
  const q = useQuery(
    unpricedUsageQuery(api, props.org, { start_date: props.range.start, end_date: props.range.end }),
  );
  const models = byModel(q.data?.items ?? []);
  return (
    <Card aria-labelledby="unpriced-models-title" data-testid="unpriced-models">
      <CardTitle>
        <span id="unpriced-models-title" className="inline-flex items-center gap-2">
          <ListTodo aria-hidden="true" className="size-4 text-accent" />
          Unpriced models <span className="font-normal text-muted">· {formatRange(props.range)}</span>
        </span>
      </CardTitle>
      {q.isPending ? (
        <Skeleton className="h-16" />
      ) : q.isError ? (
        <ErrorAlert error={q.error} title="Could not load the unpriced usage" />
      ) : models.length === 0 ? (
        <p className="text-sm text-muted">Every token in this range has a price: nothing to do.</p>
      ) : (
        <>
          <p className="mb-2 text-sm text-muted">
            This usage has no price, so it is in no cost figure. Set a price, then re-run the provider&apos;s
            usage pipeline for these days.
          </p>
          <ul className="divide-y divide-line text-sm">
            {models.map((m) => {
              const provider = isGenAiProvider(m.provider) ? m.provider : undefined;
              return (
                <li
                  key={`${m.provider}|${m.model ?? ''}`}
                  className="flex flex-wrap items-center justify-between gap-2 py-2"
                  data-testid="unpriced-model"
                >
                  <div>
                    <p>
                      <span className="font-medium">{m.model ?? 'Unknown model'}</span>{' '}
                      <span className="text-muted">
                        · {provider ? PROVIDER_LABELS[provider] : m.provider} ·{' '}
                        {formatRange({ start: m.first, end: m.last })}
                      </span>
                    </p>
                    <p className="text-xs text-muted">
                      {m.lines
                        .map((l) => `${l.token_type}: ${n.format(l.quantity)} ${l.unit} (${l.reason})`)
                        .join(' · ')}
                    </p>
                  </div>
                  {provider && m.model ? (
                    <RequireRole min="admin">
                      {(disabled) => (
                        <Button
                          size="sm"
                          variant="secondary"
                          disabled={disabled}
                          aria-label={`Set a price for ${m.model} (${PROVIDER_LABELS[provider]})`}
                          onClick={() => props.onSetPrice(provider, m.model!)}
                        >
                          Set a price
                        </Button>
                      )}
                    </RequireRole>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Card>
  );
}
