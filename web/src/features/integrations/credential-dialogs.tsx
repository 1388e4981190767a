import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input } from '../../components/ui/input.js';
import type { Integration, ProviderInfo } from './model.js';
import { refreshAfterWrite } from './queries.js';

type Target = { org: string; info: ProviderInfo; credential: Integration; onClose: () => void };
const pathOf = (t: Target) => ({
  params: { path: { org: t.org, provider: t.info.id, credential_id: t.credential.credential_id } },
});

export function RenameDialog(props: Target) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [name, setName] = useState(props.credential.name);
  const [error, setError] = useState<string>();
  const rename = useMutation({
    mutationFn: (next: string) =>
      api.PUT('/api/v1/integrations/{org}/{provider}/{credential_id}', {
        ...pathOf(props),
        body: { name: next },
      }),
    onSuccess: async () => {
      await refreshAfterWrite(queryClient, props.org, true);
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = name.trim();
    if (!next) return setError('A name is required.');
    setError(undefined);
    rename.mutate(next);
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Rename "${props.credential.name}"`}
      description={`The ${props.info.name} credential keeps its key and its data; only the name changes.`}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field id="rename-name" label="Name" error={error}>
          <Input
            {...fieldAria('rename-name', error)}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        {rename.error ? <ErrorAlert error={rename.error} title="Could not rename" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={rename.isPending}>
            {rename.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * "Are you sure": names the credential, the scheduled pipelines that stop importing for it, and that its imported
 * rows go with it (the API deletes them in every pipeline-written table; 409 while a run uses it).
 */
export function DeleteDialog(props: Target & { scheduled: string[] }) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.DELETE('/api/v1/integrations/{org}/{provider}/{credential_id}', pathOf(props)),
    onSuccess: async () => {
      await refreshAfterWrite(queryClient, props.org, true);
      props.onClose();
    },
  });
  const c = props.credential;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Delete the ${props.info.name} credential "${c.name}"?`}
    >
      <div className="space-y-4 text-sm" data-testid="delete-dialog">
        {props.scheduled.length ? (
          <div>
            <p>These scheduled pipelines stop importing for it:</p>
            <ul className="mt-1 list-disc pl-5 font-mono text-xs">
              {props.scheduled.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p>No scheduled pipeline uses it.</p>
        )}
        <p>
          The cost and usage rows imported with it are deleted too, so the cost pages no longer show them. The
          key ({c.fingerprint ? `ending ${c.fingerprint}` : 'stored'}) is removed and cannot be shown again.
        </p>
        {remove.error ? <ErrorAlert error={remove.error} title="Could not delete" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? 'Deleting…' : 'Delete credential'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
