import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { levelAbove, parentChoices, type FlatEntity, type Level } from './model.js';
import { closeOn, ConfirmDeleteDialog, DialogActions, fieldErrors } from './dialog-parts.js';
import { refreshHierarchy } from './queries.js';

const label = (e: FlatEntity) => `${e.name} (${e.entity_id})`;

/** Where a new entity goes: its level, its parent on the level above, and an optional code. */
interface Placement {
  level: string;
  parentId: string;
  entityId: string;
}

function NewEntityFields(props: {
  levels: readonly Level[];
  entities: readonly FlatEntity[];
  value: Placement;
  onChange: (next: Placement) => void;
  errors: Record<string, string>;
}) {
  const { value, errors } = props;
  const above = levelAbove(props.levels, value.level);
  const parents = props.entities.filter((e) => e.level_code === above?.level_code);
  const level = props.levels.find((l) => l.level_code === value.level);
  const levelName = level?.name ?? value.level;
  return (
    <>
      <Field id="entity-level" label="Level" error={errors.level_code}>
        <Select
          {...fieldAria('entity-level', errors.level_code)}
          value={value.level}
          onChange={(e) => props.onChange({ ...value, level: e.target.value, parentId: '' })}
        >
          {props.levels.map((l) => (
            <option key={l.level_code} value={l.level_code}>
              {l.name}
            </option>
          ))}
        </Select>
      </Field>
      {above ? (
        <Field
          id="entity-parent"
          label={`Parent (${above.name})`}
          hint={`A ${levelName.toLowerCase()} sits under a ${above.name.toLowerCase()}.`}
          error={errors.parent_id}
        >
          <Select
            {...fieldAria('entity-parent', errors.parent_id, true)}
            value={value.parentId}
            onChange={(e) => props.onChange({ ...value, parentId: e.target.value })}
          >
            <option value="">Choose a {above.name.toLowerCase()}…</option>
            {parents.map((p) => (
              <option key={p.entity_id} value={p.entity_id}>
                {label(p)}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field
        id="entity-code"
        label="Code (optional)"
        hint={`e.g. ${level?.code_prefix ?? 'DEPT'}-PLATFORM`}
        error={errors.entity_id}
      >
        <Input
          {...fieldAria('entity-code', errors.entity_id, true)}
          value={value.entityId}
          maxLength={64}
          onChange={(e) => props.onChange({ ...value, entityId: e.target.value })}
        />
      </Field>
    </>
  );
}

/** PUT of an edited entity (name, owner), or POST of a new one (with its placement). */
function saveEntity(
  api: Api,
  org: string,
  editing: FlatEntity | undefined,
  fields: { name: string; owner_email: string | null },
  placement: Placement,
) {
  if (editing)
    return api.PUT('/api/v1/hierarchy/{org}/entities/{entity_id}', {
      params: { path: { org, entity_id: editing.entity_id } },
      body: fields,
    });
  return api.POST('/api/v1/hierarchy/{org}/entities', {
    params: { path: { org } },
    body: {
      ...fields,
      level_code: placement.level,
      parent_id: placement.parentId || null,
      ...(placement.entityId.trim() ? { entity_id: placement.entityId.trim() } : {}),
    },
  });
}

interface EntityDialogProps {
  org: string;
  levels: readonly Level[];
  entities: readonly FlatEntity[];
  /** Editing this entity; else creating. */
  entity?: FlatEntity;
  /** Creating under this parent (its child level preselected). */
  parent?: FlatEntity;
  onClose: () => void;
}

/** The entity form's state, its save and its errors (the name checked here, the rest by the API). */
function useEntityForm(props: EntityDialogProps) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const editing = props.entity;
  const childLevel = props.parent
    ? props.levels[props.levels.findIndex((l) => l.level_code === props.parent!.level_code) + 1]
    : props.levels[0];
  const [name, setName] = useState(editing?.name ?? '');
  const [owner, setOwner] = useState(editing?.owner_email ?? '');
  const [placement, setPlacement] = useState<Placement>({
    level: editing?.level_code ?? childLevel?.level_code ?? '',
    parentId: props.parent?.entity_id ?? '',
    entityId: '',
  });
  const [nameError, setNameError] = useState<string>();
  const save = useMutation({
    mutationFn: () =>
      saveEntity(
        api,
        props.org,
        editing,
        { name: name.trim(), owner_email: owner.trim() || null },
        placement,
      ),
    onSuccess: async () => {
      await refreshHierarchy(queryClient, props.org);
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setNameError('A name is required.');
    setNameError(undefined);
    save.mutate();
  };
  const errors = fieldErrors(save.error);
  return { name, setName, owner, setOwner, placement, setPlacement, nameError, save, submit, errors };
}

/** Create an entity on a level (under a parent on the level above), or rename one / change its owner. */
export function EntityDialog(props: EntityDialogProps) {
  const editing = props.entity;
  const { name, setName, owner, setOwner, placement, setPlacement, nameError, save, submit, errors } =
    useEntityForm(props);
  return (
    <Dialog
      open
      onOpenChange={closeOn(props.onClose)}
      title={
        editing ? `Edit ${editing.name}` : props.parent ? `Add under ${props.parent.name}` : 'Add entity'
      }
      description={
        editing
          ? `${editing.entity_id} keeps its code and its place; move it to change its parent.`
          : 'Without a code, the next free one of the level is given (e.g. DEPT-004).'
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4" data-testid="entity-dialog">
        <Field id="entity-name" label="Name" error={nameError ?? errors.name}>
          <Input
            {...fieldAria('entity-name', nameError ?? errors.name)}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        {editing ? null : (
          <NewEntityFields
            levels={props.levels}
            entities={props.entities}
            value={placement}
            onChange={setPlacement}
            errors={errors}
          />
        )}
        <Field id="entity-owner" label="Owner email (optional)" error={errors.owner_email}>
          <Input
            {...fieldAria('entity-owner', errors.owner_email)}
            type="email"
            value={owner}
            maxLength={254}
            onChange={(e) => setOwner(e.target.value)}
          />
        </Field>
        {save.error ? (
          <ErrorAlert error={save.error} title={editing ? 'Could not save' : 'Could not add'} />
        ) : null}
        <DialogActions
          onClose={props.onClose}
          pending={save.isPending}
          submit={editing ? 'Save' : 'Add'}
          pendingText="Saving…"
        />
      </form>
    </Dialog>
  );
}

/** The new parent: none (top level), the entities on the level above, then every other one but the entity. */
function ParentSelect(props: {
  entities: readonly FlatEntity[];
  levels: readonly Level[];
  entity: FlatEntity;
  value: string;
  onChange: (parentId: string) => void;
}) {
  const { above, others } = parentChoices(
    props.entities,
    props.levels,
    props.entity.level_code,
    props.entity.entity_id,
  );
  const aboveLevel = levelAbove(props.levels, props.entity.level_code);
  const group = (label_: string, items: FlatEntity[]) =>
    items.length ? (
      <optgroup label={label_}>
        {items.map((p) => (
          <option key={p.entity_id} value={p.entity_id}>
            {label(p)}
          </option>
        ))}
      </optgroup>
    ) : null;
  return (
    <Field id="move-parent" label="New parent">
      <Select
        {...fieldAria('move-parent')}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">No parent (top level)</option>
        {group(aboveLevel?.name ?? 'Level above', above)}
        {group('Other entities', others)}
      </Select>
    </Field>
  );
}

/**
 * Move an entity under another parent. The picker lists the entities on the level above first and then every
 * other one: the API refuses a parent inside the entity's own subtree (409, naming the cycle) or on a wrong level
 * (400), and the dialog shows its message.
 */
export function MoveDialog(props: {
  org: string;
  levels: readonly Level[];
  entities: readonly FlatEntity[];
  entity: FlatEntity;
  onClose: () => void;
}) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [parentId, setParentId] = useState(props.entity.parent_id ?? '');
  const move = useMutation({
    mutationFn: async () =>
      (
        await api.POST('/api/v1/hierarchy/{org}/entities/{entity_id}/move', {
          params: { path: { org: props.org, entity_id: props.entity.entity_id } },
          body: { new_parent_id: parentId || null },
        })
      ).data!,
    onSuccess: async () => {
      await refreshHierarchy(queryClient, props.org);
      props.onClose();
    },
  });
  const aboveLevel = levelAbove(props.levels, props.entity.level_code);
  const isConflict = move.error instanceof ApiError && move.error.status === 409;
  return (
    <Dialog
      open
      onOpenChange={closeOn(props.onClose)}
      title={`Move ${props.entity.name}`}
      description={
        aboveLevel
          ? `Its new parent is a ${aboveLevel.name.toLowerCase()}; its children move with it.`
          : 'A top-level entity has no parent.'
      }
    >
      <form
        noValidate
        className="space-y-4"
        data-testid="move-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          move.mutate();
        }}
      >
        <ParentSelect
          entities={props.entities}
          levels={props.levels}
          entity={props.entity}
          value={parentId}
          onChange={setParentId}
        />
        {move.error ? (
          <ErrorAlert
            error={move.error}
            title={isConflict ? 'This move would create a cycle' : 'Could not move'}
          />
        ) : null}
        <DialogActions onClose={props.onClose} pending={move.isPending} submit="Move" pendingText="Moving…" />
      </form>
    </Dialog>
  );
}

/** "Delete X?": the API refuses an entity with children or allocation rules (409), shown as it says. */
export function DeleteEntityDialog(props: { org: string; entity: FlatEntity; onClose: () => void }) {
  const { api } = useServices();
  const { org, entity } = props;
  return (
    <ConfirmDeleteDialog
      org={org}
      title={`Delete ${entity.name} (${entity.entity_id})?`}
      testId="delete-entity-dialog"
      remove={() =>
        api.DELETE('/api/v1/hierarchy/{org}/entities/{entity_id}', {
          params: { path: { org, entity_id: entity.entity_id } },
        })
      }
      confirm="Delete entity"
      errorTitle="Could not delete"
      onClose={props.onClose}
    >
      <p>
        It leaves the hierarchy and its code can be given again. An entity with children or allocation rules
        cannot be deleted: move or delete those first.
      </p>
    </ConfirmDeleteDialog>
  );
}
