import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { useServices } from '../../app/services.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input } from '../../components/ui/input.js';
import { closeOn, ConfirmDeleteDialog, DialogActions, fieldErrors } from './dialog-parts.js';
import type { Level } from './model.js';
import { refreshHierarchy } from './queries.js';

interface LevelFields {
  level_code: string;
  name: string;
  code_prefix: string;
}

/** PUT of an edited level (name and prefix; the API refuses a new prefix while entities carry the old one), or POST. */
function saveLevel(api: Api, org: string, editing: Level | undefined, fields: LevelFields) {
  const body = { name: fields.name.trim(), code_prefix: fields.code_prefix.trim() };
  if (editing)
    return api.PUT('/api/v1/hierarchy/{org}/levels/{level_code}', {
      params: { path: { org, level_code: editing.level_code } },
      body,
    });
  return api.POST('/api/v1/hierarchy/{org}/levels', {
    params: { path: { org } },
    body: { ...body, level_code: fields.level_code.trim() },
  });
}

/** The level form's fields, its save (checked by the API: its 400 names each field, a 409 says what clashes). */
function useLevelForm(org: string, level: Level | undefined, onClose: () => void) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<LevelFields>({
    level_code: level?.level_code ?? '',
    name: level?.name ?? '',
    code_prefix: level?.code_prefix ?? '',
  });
  const save = useMutation({
    mutationFn: () => saveLevel(api, org, level, fields),
    onSuccess: async () => {
      await refreshHierarchy(queryClient, org);
      onClose();
    },
  });
  const set = (key: keyof LevelFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return { fields, set, save, submit, errors: fieldErrors(save.error) };
}

/**
 * Add a level below the bottom one (its code, name and the code prefix of its entities), or rename one and change
 * its prefix. The API answers a clash (code or prefix taken, a prefix its entities carry) with a 409 and a bad value
 * with a 400; the dialog shows both as it says them.
 */
export function LevelDialog(props: { org: string; level?: Level; bottom?: Level; onClose: () => void }) {
  const { level, bottom } = props;
  const { fields, set, save, submit, errors } = useLevelForm(props.org, level, props.onClose);
  // entities carry the prefix in their codes: the API would refuse a new one (409)
  const prefixFixed = !!level && level.entity_count > 0;
  const prefixHint = level
    ? level.entity_count > 0
      ? `Its ${level.entity_count} ${level.entity_count === 1 ? 'entity has a code' : 'entities have codes'} starting with ${level.code_prefix}, so the prefix cannot change.`
      : 'No entity uses it yet, so it can change.'
    : 'Capital letters and digits, 2 to 10, e.g. SQD: codes of its entities are SQD-001, SQD-002…';
  return (
    <Dialog
      open
      onOpenChange={closeOn(props.onClose)}
      title={level ? `Edit the level ${level.name}` : 'Add a level'}
      description={
        level
          ? `Level ${level.depth} (${level.level_code}); its code stays.`
          : `It goes below ${bottom ? `${bottom.name} (level ${bottom.depth})` : 'the bottom level'}.`
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4" data-testid="level-dialog">
        <Field id="level-name" label="Name" error={errors.name}>
          <Input
            {...fieldAria('level-name', errors.name)}
            value={fields.name}
            maxLength={100}
            onChange={(e) => set('name')(e.target.value)}
          />
        </Field>
        {level ? null : (
          <Field
            id="level-code"
            label="Level code"
            hint="Lowercase letters, digits and _, 2 to 30, e.g. squad; it cannot change later."
            error={errors.level_code}
          >
            <Input
              {...fieldAria('level-code', errors.level_code, true)}
              value={fields.level_code}
              maxLength={30}
              onChange={(e) => set('level_code')(e.target.value)}
            />
          </Field>
        )}
        <Field id="level-prefix" label="Code prefix" hint={prefixHint} error={errors.code_prefix}>
          <Input
            {...fieldAria('level-prefix', errors.code_prefix, true)}
            value={fields.code_prefix}
            maxLength={10}
            readOnly={prefixFixed}
            className="read-only:bg-surface-2 read-only:text-muted"
            onChange={(e) => set('code_prefix')(e.target.value)}
          />
        </Field>
        {save.error ? (
          <ErrorAlert
            error={save.error}
            title={level ? 'Could not save the level' : 'Could not add the level'}
          />
        ) : null}
        <DialogActions
          onClose={props.onClose}
          pending={save.isPending}
          submit={level ? 'Save' : 'Add level'}
          pendingText="Saving…"
        />
      </form>
    </Dialog>
  );
}

/** "Delete the level X?": the API refuses any but the bottom level, one with entities, and the last one (409). */
export function DeleteLevelDialog(props: { org: string; level: Level; onClose: () => void }) {
  const { api } = useServices();
  const { org, level } = props;
  return (
    <ConfirmDeleteDialog
      org={org}
      title={`Delete the level ${level.name} (${level.level_code})?`}
      testId="delete-level-dialog"
      remove={() =>
        api.DELETE('/api/v1/hierarchy/{org}/levels/{level_code}', {
          params: { path: { org, level_code: level.level_code } },
        })
      }
      confirm="Delete level"
      errorTitle="Could not delete the level"
      onClose={props.onClose}
    >
      <p>
        Only the bottom level can be deleted, and only while it has no entities; an org keeps at least one
        level.
      </p>
    </ConfirmDeleteDialog>
  );
}
