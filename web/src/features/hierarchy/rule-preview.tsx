import { useQuery } from '@tanstack/react-query';
import { RULE_PREVIEW_DAYS } from '../../../../shared/contracts/hierarchy.js';
import { useServices } from '../../app/services.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { formatMoney } from '../../lib/money.js';
import { formatRange } from '../../lib/utc-days.js';
import { rulePreviewQuery, type PreviewInput } from './queries.js';

/** A saved allocation rule as the list gives it. */
export interface Rule {
  rule_id: string;
  name: string | null;
  priority: number;
  enabled: boolean;
  entity_id: string;
  entity_name: string;
  match: PreviewInput['match'];
}

export type Preview = Awaited<ReturnType<NonNullable<ReturnType<typeof rulePreviewQuery>['queryFn']>>>;

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** The preview's figures in words: what the rule would move, matches, would allocate, and Unallocated today. */
export function PreviewFigures({ preview }: { preview: Preview }) {
  const money = (v: number) => formatMoney(v, preview.currency);
  const figure = (m: Preview['moved']) => `${money(m.billed_cost)} (${count(m.record_count)} rows)`;
  return (
    <div className="rounded-md border border-line bg-surface-2 p-3 text-sm" data-testid="rule-preview">
      <p className="font-medium">
        {formatRange({ start: preview.start_date, end: preview.end_date })} (last {RULE_PREVIEW_DAYS} days)
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-muted">Would move</dt>
        <dd data-testid="preview-moved">{figure(preview.moved)}</dd>
        <dt className="text-muted">Matches</dt>
        <dd data-testid="preview-matched">{figure(preview.matched)}</dd>
        <dt className="text-muted">Would allocate</dt>
        <dd>{figure(preview.allocated)}; higher-priority rules keep the rest</dd>
        <dt className="text-muted">Unallocated today</dt>
        <dd data-testid="preview-unallocated">{figure(preview.unallocated)}</dd>
      </dl>
      {preview.other_currency_records ? (
        <p className="mt-2 text-xs text-muted">
          {count(preview.other_currency_records)} matching rows billed in another currency are not in these
          figures.
        </p>
      ) : null}
    </div>
  );
}

/** A saved rule's last 30 days in its table row: what it would move, and what it allocates. */
export function RulePreviewCell(props: { org: string; rule: Rule }) {
  const { api } = useServices();
  const r = props.rule;
  const q = useQuery({
    ...rulePreviewQuery(api, props.org, {
      match: r.match,
      entity_id: r.entity_id,
      priority: r.priority,
      rule_id: r.rule_id,
    }),
    enabled: r.enabled,
  });
  if (!r.enabled) return <span className="text-muted">disabled</span>;
  if (q.isPending) return <Skeleton className="h-4 w-24" />;
  if (q.isError) return <span className="text-danger">{q.error.message}</span>;
  const money = (v: number) => formatMoney(v, q.data.currency);
  return (
    <>
      <span data-testid="rule-preview-moved">
        {money(q.data.moved.billed_cost)}{' '}
        <span className="text-muted">({count(q.data.moved.record_count)} rows)</span>
      </span>
      <span className="block text-xs text-muted" data-testid="rule-preview-allocated">
        allocates {money(q.data.allocated.billed_cost)}
      </span>
    </>
  );
}
