import { useState, type HTMLAttributes } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CircleAlert } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { ApiError, errorMessage } from '../../api/errors.js';
import { cn } from '../../components/ui/cn.js';
import { useRole } from '../org/use-role.js';
import type { FlatEntity } from './model.js';
import { refreshHierarchy } from './queries.js';

interface MoveRequest {
  entity: FlatEntity;
  parent: FlatEntity;
}

/** The drag props of one tree row (none below member: the move API's role). */
export type RowDrag = (
  entity: FlatEntity,
) => HTMLAttributes<HTMLDivElement> & { 'data-drop-target'?: boolean };

/**
 * Drag an entity onto another to move it under that one (POST …/entities/{id}/move). The dragged entity is kept in
 * state (a drag between two pages is no move); the drag data is only what a browser needs to start a drag. The API
 * is the judge: a move under the entity's own subtree (409, the cycle) or onto a wrong level (400) is refused and
 * its message shown; a done move refreshes the tree. While a move is pending no row accepts a drop (no highlight,
 * the browser's no-drop cursor). The Move dialog stays the keyboard's way to do the same.
 */
export function useDragMove(org: string, entities: readonly FlatEntity[]) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const { can } = useRole();
  const [dragged, setDragged] = useState<string>();
  const [over, setOver] = useState<string>();
  const move = useMutation({
    mutationFn: async ({ entity, parent }: MoveRequest) =>
      (
        await api.POST('/api/v1/hierarchy/{org}/entities/{entity_id}/move', {
          params: { path: { org, entity_id: entity.entity_id } },
          body: { new_parent_id: parent.entity_id },
        })
      ).data!,
    onSuccess: () => refreshHierarchy(queryClient, org),
  });
  const accepts = (target: FlatEntity) =>
    !move.isPending &&
    dragged !== undefined &&
    dragged !== target.entity_id &&
    target.entity_id !== entityOf(entities, dragged)?.parent_id;
  const reset = () => {
    setDragged(undefined);
    setOver(undefined);
  };
  const rowDrag: RowDrag = (target) =>
    !can('member')
      ? {}
      : {
          draggable: true,
          'data-drop-target': over === target.entity_id && accepts(target),
          onDragStart: (e) => {
            e.dataTransfer.setData('text/plain', target.entity_id);
            e.dataTransfer.effectAllowed = 'move';
            // a new drag clears the last move's message
            if (!move.isPending) move.reset();
            setDragged(target.entity_id);
          },
          onDragEnd: reset,
          onDragOver: (e) => {
            if (!accepts(target)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== target.entity_id) setOver(target.entity_id);
          },
          onDragLeave: (e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null) && over === target.entity_id)
              setOver(undefined);
          },
          onDrop: (e) => {
            e.preventDefault();
            const entity = entityOf(entities, dragged);
            const ok = accepts(target);
            reset();
            if (entity && ok) move.mutate({ entity, parent: target });
          },
        };
  return { rowDrag, move };
}

const entityOf = (entities: readonly FlatEntity[], id: string | undefined) =>
  id === undefined ? undefined : entities.find((e) => e.entity_id === id);

/**
 * The last dragged move: moving, refused (the API's message) or done; empty after a reset. One live region that is
 * always there, so a screen reader announces each change of its text.
 */
export function DragMoveStatus({ move }: { move: ReturnType<typeof useDragMove>['move'] }) {
  const v = move.isIdle ? undefined : move.variables;
  const what = v ? `${v.entity.name} under ${v.parent.name}` : '';
  const error = move.isError;
  return (
    <div role="status" data-testid="drag-move-status" className="mt-3">
      {v ? (
        <div
          className={cn(
            'flex gap-3 rounded-md border p-3 text-sm',
            error ? 'border-danger/40 bg-danger-soft' : 'border-line bg-surface-2',
          )}
        >
          {error ? <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-danger" /> : null}
          <div className="space-y-1">
            <p className="font-medium">
              {error ? `Could not move ${what}` : move.isPending ? `Moving ${what}…` : `Moved ${what}.`}
            </p>
            {error ? <p>{errorMessage(move.error)}</p> : null}
            {error && move.error instanceof ApiError && move.error.requestId ? (
              <p className="text-xs text-muted">
                Request id: <code className="select-all">{move.error.requestId}</code>
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
