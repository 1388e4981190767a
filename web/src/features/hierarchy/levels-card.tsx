import type { UseQueryResult } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { Tooltip } from '../../components/ui/tooltip.js';
import { RequireRole } from '../org/use-role.js';
import type { Open } from './actions.js';
import { undeletableWhy, type Level, type Tree } from './model.js';

/** A level's edit and delete buttons; disabled below member (the levels API's role), delete also with its reason. */
function LevelActions(props: { level: Level; levels: Level[]; onAction: (open: Open) => void }) {
  const { level } = props;
  const why = undeletableWhy(level, props.levels);
  const remove = (disabled: boolean) => (
    <Button
      size="sm"
      variant="ghost"
      disabled={disabled || why !== undefined}
      aria-label={`Delete the level ${level.name}`}
      onClick={() => props.onAction({ kind: 'delete-level', level })}
    >
      <Trash2 aria-hidden="true" className="size-4" />
    </Button>
  );
  return (
    <RequireRole min="member">
      {(disabled) => (
        <>
          <Button
            size="sm"
            variant="ghost"
            disabled={disabled}
            aria-label={`Edit the level ${level.name}`}
            onClick={() => props.onAction({ kind: 'edit-level', level })}
          >
            <Pencil aria-hidden="true" className="size-4" />
          </Button>
          {disabled || why === undefined ? (
            remove(disabled)
          ) : (
            <Tooltip label={why}>
              <span tabIndex={0} aria-label={why} className="inline-flex" data-testid="level-delete-why">
                {remove(disabled)}
              </span>
            </Tooltip>
          )}
        </>
      )}
    </RequireRole>
  );
}

const th = 'py-2 pr-3 font-medium';

function LevelsTable(props: { levels: Level[]; onAction: (open: Open) => void }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="levels-table">
        <caption className="sr-only">Hierarchy levels, top first</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className={th}>
              Depth
            </th>
            <th scope="col" className={th}>
              Name
            </th>
            <th scope="col" className={th}>
              Code
            </th>
            <th scope="col" className={th}>
              Code prefix
            </th>
            <th scope="col" className={`${th} text-right`}>
              Entities
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.levels.map((l) => (
            <tr key={l.level_code} className="border-t border-line" data-testid={`level-${l.level_code}`}>
              <td className="py-2 pr-3 tabular-nums">{l.depth}</td>
              <td className="py-2 pr-3 font-medium">{l.name}</td>
              <td className="py-2 pr-3 font-mono text-xs text-muted">{l.level_code}</td>
              <td className="py-2 pr-3 font-mono text-xs">{l.code_prefix}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{l.entity_count}</td>
              <td className="py-2">
                <span className="flex justify-end gap-1">
                  <LevelActions level={l} levels={props.levels} onAction={props.onAction} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The levels, top first (the tree's own list): add one at the bottom, rename or re-prefix one, delete the bottom one. */
export function LevelsCard(props: { tree: UseQueryResult<Tree>; onAction: (open: Open) => void }) {
  const { tree } = props;
  return (
    <Card aria-labelledby="levels-title">
      <CardTitle
        action={
          <RequireRole min="member">
            {(disabled) => (
              <Button
                size="sm"
                disabled={disabled || !tree.data}
                onClick={() => props.onAction({ kind: 'create-level' })}
              >
                <Plus aria-hidden="true" className="size-4" /> Add level
              </Button>
            )}
          </RequireRole>
        }
      >
        <span id="levels-title">Levels</span>
      </CardTitle>
      <p className="mb-3 text-sm text-muted">
        An entity sits under a parent on the level above it, and its code starts with its level&rsquo;s
        prefix. New levels go at the bottom; only the bottom level, with no entities, can be deleted.
      </p>
      {tree.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : tree.isError ? (
        <ErrorAlert error={tree.error} title="Could not load the org structure" />
      ) : (
        <LevelsTable levels={tree.data.levels} onAction={props.onAction} />
      )}
    </Card>
  );
}
