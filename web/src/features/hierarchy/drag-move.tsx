import { useState, type DragEvent, type HTMLAttributes } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { useRole } from '../org/use-role.js';
import type { FlatEntity } from './model.js';
import { refreshHierarchy } from './queries.js';

/** The drag's payload type: the dragged entity's id (also kept in state, which a drop reads first). */
export const ENTITY_DRAG_TYPE = 'application/x-cloudact-entity';

interface MoveRequest {
  entity: FlatEntity;
  parent: FlatEntity;
}

/** The drag props of one tree row (none below member: the move API's role). */
export type RowDrag = (
  entity: FlatEntity,
) => HTMLAttributes<HTMLDivElement> & { 'data-drop-target'?: boolean };

/**
 * Drag an entity onto another to move it under that one (POST …/entities/{id}/move). The API is the judge: a move
 * under the entity's own subtree (409, the cycle) or onto a wrong level (400) is refused and its message shown; a
 * done move refreshes the tree. The Move dialog stays the keyboard's way to do the same.
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
  const draggedId = (e: DragEvent) => dragged ?? (e.dataTransfer.getData(ENTITY_DRAG_TYPE) || undefined);
  const accepts = (id: string | undefined, target: FlatEntity) =>
    id !== undefined && id !== target.entity_id && target.entity_id !== entityOf(entities, id)?.parent_id;
  const reset = () => {
    setDragged(undefined);
    setOver(undefined);
  };
  const rowDrag: RowDrag = (target) =>
    !can('member')
      ? {}
      : {
          draggable: true,
          'data-drop-target': over === target.entity_id,
          onDragStart: (e) => {
            e.dataTransfer.setData(ENTITY_DRAG_TYPE, target.entity_id);
            e.dataTransfer.setData('text/plain', target.entity_id);
            e.dataTransfer.effectAllowed = 'move';
            setDragged(target.entity_id);
          },
          onDragEnd: reset,
          onDragOver: (e) => {
            if (!accepts(dragged, target)) return;
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
            const entity = entityOf(entities, draggedId(e));
            reset();
            if (entity && accepts(entity.entity_id, target) && !move.isPending)
              move.mutate({ entity, parent: target });
          },
        };
  return { rowDrag, move };
}

const entityOf = (entities: readonly FlatEntity[], id: string | undefined) =>
  id === undefined ? undefined : entities.find((e) => e.entity_id === id);

/** The last dragged move: moving, refused (the API's message) or done. */
export function DragMoveStatus({ move }: { move: ReturnType<typeof useDragMove>['move'] }) {
  const v = move.variables;
  if (!v || move.isIdle) return null;
  const what = `${v.entity.name} under ${v.parent.name}`;
  return (
    <div data-testid="drag-move-status">
      {move.isError ? (
        <ErrorAlert error={move.error} title={`Could not move ${what}`} />
      ) : (
        <Alert title={move.isPending ? `Moving ${what}…` : `Moved ${what}.`} />
      )}
    </div>
  );
}
