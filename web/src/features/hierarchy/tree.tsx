import { ArrowRightLeft, GripVertical, Pencil, Plus, Trash2 } from 'lucide-react';
import type { TreeNode } from '../../../../shared/contracts/hierarchy.js';
import { Button } from '../../components/ui/button.js';
import { RequireRole } from '../org/use-role.js';
import type { Open } from './actions.js';
import type { RowDrag } from './drag-move.js';
import type { FlatEntity, Level } from './model.js';

/** One entity's row actions: add a child (not on the bottom level), edit, move, delete; disabled below member. */
function EntityActions(props: {
  node: TreeNode;
  entity: FlatEntity;
  childLevel?: Level;
  onAction: (open: Open) => void;
}) {
  const { node, entity, childLevel } = props;
  const icon = 'size-4';
  return (
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
  );
}

/** An entity and, nested, its children; a member drags its row onto another entity's to move it there. */
export function TreeItem(props: {
  node: TreeNode;
  levels: Level[];
  entities: FlatEntity[];
  onAction: (open: Open) => void;
  rowDrag: RowDrag;
}) {
  const { node, levels } = props;
  const entity = props.entities.find((e) => e.entity_id === node.entity_id)!;
  const levelIndex = levels.findIndex((l) => l.level_code === node.level_code);
  const level = levels[levelIndex];
  const childLevel = levels[levelIndex + 1];
  const drag = props.rowDrag(entity);
  return (
    <li data-testid={`entity-${node.entity_id}`}>
      <div
        {...drag}
        data-testid="entity-row"
        className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-2 py-1.5 ring-accent hover:bg-surface-2 data-[drop-target=true]:bg-surface-2 data-[drop-target=true]:ring-2"
      >
        {drag.draggable ? (
          <GripVertical aria-hidden="true" className="-mx-1 size-4 shrink-0 cursor-grab text-muted" />
        ) : null}
        <span className="font-medium" data-testid="entity-name">
          {node.name}
        </span>
        <span className="font-mono text-xs text-muted">{node.entity_id}</span>
        <span className="rounded bg-surface-2 px-1.5 text-xs text-muted">
          {level?.name ?? node.level_code}
        </span>
        {node.owner_email ? <span className="text-xs text-muted">{node.owner_email}</span> : null}
        <span className="ml-auto flex gap-1">
          <EntityActions
            node={node}
            entity={entity}
            {...(childLevel ? { childLevel } : {})}
            onAction={props.onAction}
          />
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
