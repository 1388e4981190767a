import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { Plus } from 'lucide-react';
import { useServices } from '../app/services.js';
import { ErrorAlert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';
import { Card, CardTitle } from '../components/ui/card.js';
import { Skeleton } from '../components/ui/skeleton.js';
import { RequireRole, useMembership, useRole } from '../features/org/use-role.js';
import type { Open } from '../features/hierarchy/actions.js';
import { DeleteEntityDialog, EntityDialog, MoveDialog } from '../features/hierarchy/entity-dialogs.js';
import { exportCsv, ImportDialog, saveFile } from '../features/hierarchy/csv-dialogs.js';
import { DeleteRuleDialog, RuleDialog } from '../features/hierarchy/rule-dialogs.js';
import { DeleteLevelDialog, LevelDialog } from '../features/hierarchy/level-dialogs.js';
import { LevelsCard } from '../features/hierarchy/levels-card.js';
import { DragMoveStatus, useDragMove } from '../features/hierarchy/drag-move.js';
import {
  describeMatch,
  flatten,
  type FlatEntity,
  type Level,
  type Tree,
} from '../features/hierarchy/model.js';
import { rulesQuery, treeQuery } from '../features/hierarchy/queries.js';
import { RulesTable } from '../features/hierarchy/rules-table.js';
import { TreeItem } from '../features/hierarchy/tree.js';
import { UnallocatedCard } from '../features/hierarchy/unallocated-card.js';

const route = getRouteApi('/$org/hierarchy');

/** `/$org/hierarchy`: the org structure (levels and entities) and the allocation rules that map costs onto it. */
export function HierarchyPage() {
  const { org } = useMembership();
  const { can } = useRole();
  const { api } = useServices();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tree = useQuery(treeQuery(api, org));
  const [chosen, setOpen] = useState<Open>();
  // `?create_rule=1` (the cost pages' "Create a rule for this" on Unallocated) opens the rule dialog whenever the
  // URL gets it, also on this page already; a viewer cannot create one, so the parameter goes.
  const fromSearch = !!search.create_rule && can('member');
  const open = chosen ?? (fromSearch ? ({ kind: 'rule', fromUnallocated: true } as const) : undefined);
  useEffect(() => {
    if (search.create_rule && !fromSearch) void navigate({ search: {}, replace: true });
  }, [search.create_rule, fromSearch, navigate]);
  const close = () => {
    setOpen(undefined);
    if (search.create_rule) void navigate({ search: {}, replace: true });
  };
  const entities = useMemo(() => flatten(tree.data?.roots ?? []), [tree.data]);
  const drag = useDragMove(org, entities);
  // a dialog opened clears the last drag's message (it is about the tree as it was)
  const openDialog = (next: Open) => {
    if (!drag.move.isPending) drag.move.reset();
    setOpen(next);
  };
  return (
    <div className="space-y-6">
      <PageHeader org={org} canCreate={!!tree.data} onOpen={openDialog} />
      <UnallocatedCard org={org} onCreateRule={() => openDialog({ kind: 'rule', fromUnallocated: true })} />
      <LevelsCard tree={tree} onAction={openDialog} />
      <EntitiesCard tree={tree} entities={entities} drag={drag} onAction={openDialog} />
      <RulesCard org={org} canCreate={entities.length > 0} onAction={openDialog} />
      {tree.data && open ? (
        <Dialogs org={org} open={open} levels={tree.data.levels} entities={entities} onClose={close} />
      ) : null}
    </div>
  );
}

/** The h1, what the page is for, and Export / Import / Add entity. */
function PageHeader(props: { org: string; canCreate: boolean; onOpen: (open: Open) => void }) {
  const { api } = useServices();
  const { org } = props;
  const download = useMutation({
    mutationFn: async () => saveFile(`${org}-hierarchy.csv`, await exportCsv(api, org), 'text/csv'),
  });
  return (
    <>
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
              <Button
                variant="secondary"
                disabled={disabled}
                onClick={() => props.onOpen({ kind: 'import' })}
              >
                Import CSV
              </Button>
            )}
          </RequireRole>
          <RequireRole min="member">
            {(disabled) => (
              <Button
                disabled={disabled || !props.canCreate}
                onClick={() => props.onOpen({ kind: 'create' })}
              >
                <Plus aria-hidden="true" className="size-4" /> Add entity
              </Button>
            )}
          </RequireRole>
        </div>
      </div>
      {download.error ? <ErrorAlert error={download.error} title="Could not export" /> : null}
    </>
  );
}

function EntitiesCard(props: {
  tree: UseQueryResult<Tree>;
  entities: FlatEntity[];
  drag: ReturnType<typeof useDragMove>;
  onAction: (open: Open) => void;
}) {
  const { tree } = props;
  const { rowDrag, move } = props.drag;
  const { can } = useRole();
  return (
    <Card aria-labelledby="tree-title">
      <CardTitle>
        <span id="tree-title">Entities</span>
      </CardTitle>
      {can('member') ? (
        <p className="mb-3 text-sm text-muted" data-testid="drag-hint">
          Drag an entity onto another to move it there, children and all; its Move button does the same from
          the keyboard.
        </p>
      ) : null}
      {tree.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : tree.isError ? (
        // the Levels card above shows the error: the tree is one request
        <p className="text-sm text-muted">No entities to show.</p>
      ) : (
        <>
          {tree.data.roots.length ? (
            <ul className="mt-3 space-y-1" data-testid="hierarchy-tree">
              {tree.data.roots.map((n) => (
                <TreeItem
                  key={n.entity_id}
                  node={n}
                  levels={tree.data.levels}
                  entities={props.entities}
                  onAction={props.onAction}
                  rowDrag={rowDrag}
                />
              ))}
            </ul>
          ) : (
            <p className="mt-4 text-sm text-muted">
              No entities yet. Add a {tree.data.levels[0]?.name.toLowerCase() ?? 'department'} or import a
              CSV.
            </p>
          )}
          {/* below the tree, so rows never shift under the pointer when a drag clears it */}
          <DragMoveStatus move={move} />
        </>
      )}
    </Card>
  );
}

function RulesCard(props: { org: string; canCreate: boolean; onAction: (open: Open) => void }) {
  const { api } = useServices();
  const rules = useQuery(rulesQuery(api, props.org));
  return (
    <Card aria-labelledby="rules-title">
      <CardTitle
        action={
          <RequireRole min="member">
            {(disabled) => (
              <Button
                size="sm"
                disabled={disabled || !props.canCreate}
                onClick={() => props.onAction({ kind: 'rule' })}
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
        The highest priority wins; among equal priorities the older rule. Over the last 30 days, &ldquo;would
        move&rdquo; is the billed cost whose entity the rule would change at the next allocation run, and
        &ldquo;allocates&rdquo; all the billed cost it wins.
      </p>
      {rules.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : rules.isError ? (
        <ErrorAlert error={rules.error} title="Could not load the rules" />
      ) : rules.data.items.length ? (
        <RulesTable org={props.org} rules={rules.data.items} onAction={props.onAction} />
      ) : (
        <p className="text-sm text-muted">
          No rules yet: every cost is Unallocated until a rule assigns it to an entity.
        </p>
      )}
    </Card>
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
    case 'create-level':
      return <LevelDialog org={org} {...bottomOf(levels)} onClose={onClose} />;
    case 'edit-level':
      return <LevelDialog org={org} level={open.level} onClose={onClose} />;
    case 'delete-level':
      return <DeleteLevelDialog org={org} level={open.level} onClose={onClose} />;
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

const bottomOf = (levels: Level[]) => {
  const bottom = levels[levels.length - 1];
  return bottom ? { bottom } : {};
};
