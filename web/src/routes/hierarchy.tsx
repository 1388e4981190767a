import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ArrowRightLeft, Pencil, Plus, Trash2 } from 'lucide-react';
import type { TreeNode } from '../../../shared/contracts/hierarchy.js';
import { useServices } from '../app/services.js';
import { Alert, ErrorAlert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';
import { Card, CardTitle } from '../components/ui/card.js';
import { Skeleton } from '../components/ui/skeleton.js';
import { RequireRole, useMembership } from '../features/org/use-role.js';
import { byHierarchyQuery } from '../features/costs/queries.js';
import { DeleteEntityDialog, EntityDialog, MoveDialog } from '../features/hierarchy/entity-dialogs.js';
import { exportCsv, ImportDialog, saveFile } from '../features/hierarchy/csv-dialogs.js';
import {
  DeleteRuleDialog,
  RuleDialog,
  RulePreviewCell,
  type Rule,
} from '../features/hierarchy/rule-dialogs.js';
import {
  describeMatch,
  flatten,
  kindLabel,
  type FlatEntity,
  type Level,
} from '../features/hierarchy/model.js';
import { rulesQuery, treeQuery } from '../features/hierarchy/queries.js';
import { integrationsQuery } from '../app/queries.js';
import { formatMoney } from '../lib/money.js';
import { formatRange, utcToday } from '../lib/utc-days.js';
import { addDays } from '../../../shared/time/day.js';

const route = getRouteApi('/$org/hierarchy');

type Open =
  | { kind: 'create'; parent?: FlatEntity }
  | { kind: 'edit' | 'move' | 'delete'; entity: FlatEntity }
  | { kind: 'import' }
  | { kind: 'rule'; rule?: Rule; fromUnallocated?: boolean }
  | { kind: 'delete-rule'; rule: Rule };

/** `/$org/hierarchy`: the org structure (levels and entities) and the allocation rules that map costs onto it. */
export function HierarchyPage() {
  const { org } = useMembership();
  const { api } = useServices();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tree = useQuery(treeQuery(api, org));
  const rules = useQuery(rulesQuery(api, org));
  const [open, setOpen] = useState<Open | undefined>(() =>
    search.rule === 'new' ? { kind: 'rule', fromUnallocated: true } : undefined,
  );
  const close = () => {
    setOpen(undefined);
    if (search.rule) void navigate({ search: {}, replace: true });
  };
  const entities = useMemo(() => flatten(tree.data?.roots ?? []), [tree.data]);
  const download = useMutation({
    mutationFn: async () => saveFile(`${org}-hierarchy.csv`, await exportCsv(api, org), 'text/csv'),
  });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Org structure</h1>
          <p className="mt-1 max-w-3xl text-sm text-muted">
            Your departments, projects and teams, and the allocation rules that assign cloud, GenAI and SaaS
            cost to them. The cost by team is on{' '}
            <Link to="/$org/costs/hierarchy" params={{ org }} className="text-accent underline">
              Hierarchy costs
            </Link>
            .
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => download.mutate()} disabled={download.isPending}>
            {download.isPending ? 'Exporting…' : 'Export CSV'}
          </Button>
          <RequireRole min="member">
            {(disabled) => (
              <Button variant="secondary" disabled={disabled} onClick={() => setOpen({ kind: 'import' })}>
                Import CSV
              </Button>
            )}
          </RequireRole>
          <RequireRole min="member">
            {(disabled) => (
              <Button disabled={disabled || !tree.data} onClick={() => setOpen({ kind: 'create' })}>
                <Plus aria-hidden="true" className="size-4" /> Add entity
              </Button>
            )}
          </RequireRole>
        </div>
      </div>
      {download.error ? <ErrorAlert error={download.error} title="Could not export" /> : null}

      <UnallocatedCard org={org} onCreateRule={() => setOpen({ kind: 'rule', fromUnallocated: true })} />

      <Card aria-labelledby="tree-title">
        <CardTitle>
          <span id="tree-title">Entities</span>
        </CardTitle>
        {tree.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : tree.isError ? (
          <ErrorAlert error={tree.error} title="Could not load the hierarchy" />
        ) : (
          <>
            <Levels levels={tree.data.levels} />
            {tree.data.roots.length ? (
              <ul className="mt-4 space-y-1" data-testid="hierarchy-tree">
                {tree.data.roots.map((n) => (
                  <TreeItem
                    key={n.entity_id}
                    node={n}
                    levels={tree.data.levels}
                    entities={entities}
                    onAction={setOpen}
                  />
                ))}
              </ul>
            ) : (
              <p className="mt-4 text-sm text-muted">
                No entities yet. Add a {tree.data.levels[0]?.name.toLowerCase() ?? 'department'} or import a
                CSV.
              </p>
            )}
          </>
        )}
      </Card>

      <Card aria-labelledby="rules-title">
        <CardTitle
          action={
            <RequireRole min="member">
              {(disabled) => (
                <Button
                  size="sm"
                  disabled={disabled || !entities.length}
                  onClick={() => setOpen({ kind: 'rule' })}
                >
                  <Plus aria-hidden="true" className="size-4" /> New rule
                </Button>
              )}
            </RequireRole>
          }
        >
          <span id="rules-title">Allocation rules</span>
        </CardTitle>
        <p className="mb-3 text-sm text-muted">
          The highest priority wins; among equal priorities the older rule. Over the last 30 days,
          &ldquo;would move&rdquo; is the billed cost whose entity the rule would change at the next
          allocation run, and &ldquo;allocates&rdquo; all the billed cost it wins.
        </p>
        {rules.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : rules.isError ? (
          <ErrorAlert error={rules.error} title="Could not load the rules" />
        ) : rules.data.items.length ? (
          <RulesTable org={org} rules={rules.data.items} onAction={setOpen} />
        ) : (
          <p className="text-sm text-muted">
            No rules yet: every cost is Unallocated until a rule assigns it to an entity.
          </p>
        )}
      </Card>

      {tree.data && open ? (
        <Dialogs org={org} open={open} levels={tree.data.levels} entities={entities} onClose={close} />
      ) : null}
    </div>
  );
}

function Dialogs(props: {
  org: string;
  open: Open;
  levels: Level[];
  entities: FlatEntity[];
  onClose: () => void;
}) {
  const { org, open, levels, entities, onClose } = props;
  const common = { org, levels, entities, onClose };
  switch (open.kind) {
    case 'create':
      return <EntityDialog {...common} {...(open.parent ? { parent: open.parent } : {})} />;
    case 'edit':
      return <EntityDialog {...common} entity={open.entity} />;
    case 'move':
      return <MoveDialog {...common} entity={open.entity} />;
    case 'delete':
      return <DeleteEntityDialog org={org} entity={open.entity} onClose={onClose} />;
    case 'import':
      return <ImportDialog org={org} onClose={onClose} />;
    case 'rule':
      return (
        <RuleDialog
          org={org}
          entities={entities}
          {...(open.rule ? { rule: open.rule } : {})}
          fromUnallocated={open.fromUnallocated ?? false}
          onClose={onClose}
        />
      );
    case 'delete-rule':
      return (
        <DeleteRuleDialog
          org={org}
          rule={open.rule}
          label={describeMatch(open.rule.match)}
          onClose={onClose}
        />
      );
  }
}

function Levels({ levels }: { levels: Level[] }) {
  return (
    <ol className="flex flex-wrap items-center gap-2 text-sm" aria-label="Levels, top first">
      {levels.map((l, i) => (
        <li key={l.level_code} className="flex items-center gap-2">
          {i > 0 ? (
            <span aria-hidden="true" className="text-muted">
              ›
            </span>
          ) : null}
          <span className="rounded-full border border-line bg-surface-2 px-2.5 py-0.5">
            {l.name} <span className="font-mono text-xs text-muted">{l.code_prefix}</span>{' '}
            <span className="text-xs text-muted">
              ({l.entity_count} {l.entity_count === 1 ? 'entity' : 'entities'})
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function TreeItem(props: {
  node: TreeNode;
  levels: Level[];
  entities: FlatEntity[];
  onAction: (open: Open) => void;
}) {
  const { node, levels } = props;
  const entity = props.entities.find((e) => e.entity_id === node.entity_id)!;
  const levelIndex = levels.findIndex((l) => l.level_code === node.level_code);
  const level = levels[levelIndex];
  const childLevel = levels[levelIndex + 1];
  const icon = 'size-4';
  return (
    <li data-testid={`entity-${node.entity_id}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-2 py-1.5 hover:bg-surface-2">
        <span className="font-medium" data-testid="entity-name">
          {node.name}
        </span>
        <span className="font-mono text-xs text-muted">{node.entity_id}</span>
        <span className="rounded bg-surface-2 px-1.5 text-xs text-muted">
          {level?.name ?? node.level_code}
        </span>
        {node.owner_email ? <span className="text-xs text-muted">{node.owner_email}</span> : null}
        <span className="ml-auto flex gap-1">
          <RequireRole min="member">
            {(disabled) => (
              <>
                {childLevel ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={disabled}
                    aria-label={`Add a ${childLevel.name.toLowerCase()} under ${node.name}`}
                    onClick={() => props.onAction({ kind: 'create', parent: entity })}
                  >
                    <Plus aria-hidden="true" className={icon} />
                  </Button>
                ) : null}
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled}
                  aria-label={`Edit ${node.name}`}
                  onClick={() => props.onAction({ kind: 'edit', entity })}
                >
                  <Pencil aria-hidden="true" className={icon} />
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled}
                  aria-label={`Move ${node.name}`}
                  onClick={() => props.onAction({ kind: 'move', entity })}
                >
                  <ArrowRightLeft aria-hidden="true" className={icon} />
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={disabled}
                  aria-label={`Delete ${node.name}`}
                  onClick={() => props.onAction({ kind: 'delete', entity })}
                >
                  <Trash2 aria-hidden="true" className={icon} />
                </Button>
              </>
            )}
          </RequireRole>
        </span>
      </div>
      {node.children.length ? (
        <ul className="ml-5 border-l border-line pl-3">
          {node.children.map((c) => (
            <TreeItem key={c.entity_id} {...props} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function RulesTable(props: { org: string; rules: Rule[]; onAction: (open: Open) => void }) {
  const { api } = useServices();
  const hasCredentialRule = props.rules.some((r) => r.match.kind === 'credential');
  const integrations = useQuery({ ...integrationsQuery(api, props.org), enabled: hasCredentialRule });
  const credentialName = (id: string) => integrations.data?.items.find((c) => c.credential_id === id)?.name;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="rules-table">
        <caption className="sr-only">Allocation rules in evaluation order</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Priority
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Matches
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Allocates to
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Would move (30 days)
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rules.map((r) => (
            <tr key={r.rule_id} className="border-t border-line" data-testid={`rule-${r.rule_id}`}>
              <td className="py-2 pr-3 tabular-nums">{r.priority}</td>
              <td className="py-2 pr-3">
                <span className="text-xs text-muted">{kindLabel(r.match.kind)}: </span>
                {describeMatch(r.match, credentialName)}
                {r.name ? <span className="block text-xs text-muted">{r.name}</span> : null}
              </td>
              <td className="py-2 pr-3">
                {r.entity_name} <span className="font-mono text-xs text-muted">{r.entity_id}</span>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">
                <RulePreviewCell org={props.org} rule={r} />
              </td>
              <td className="py-2">
                <span className="flex justify-end gap-1">
                  <RequireRole min="member">
                    {(disabled) => (
                      <>
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={disabled}
                          aria-label={`Edit the rule ${describeMatch(r.match)}`}
                          onClick={() => props.onAction({ kind: 'rule', rule: r })}
                        >
                          <Pencil aria-hidden="true" className="size-4" />
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={disabled}
                          aria-label={`Delete the rule ${describeMatch(r.match)}`}
                          onClick={() => props.onAction({ kind: 'delete-rule', rule: r })}
                        >
                          <Trash2 aria-hidden="true" className="size-4" />
                        </Button>
                      </>
                    )}
                  </RequireRole>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The last 30 days' Unallocated cost (GET /costs/{org}/by-hierarchy, entity null) and "create a rule for this". */
function UnallocatedCard(props: { org: string; onCreateRule: () => void }) {
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
