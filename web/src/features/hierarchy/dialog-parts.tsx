import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { refreshHierarchy } from './queries.js';

// Pieces the hierarchy page's dialogs share: closing on Escape, Cancel / submit, a 400's field errors, and the
// "Delete X?" confirmation.

/** Base UI's onOpenChange as an onClose (a dialog closed by Escape or outside click). */
export const closeOn = (onClose: () => void) => (open: boolean) => (open ? undefined : onClose());

/** Cancel and the submit button (its text while pending). */
export function DialogActions(props: {
  onClose: () => void;
  pending: boolean;
  submit: string;
  pendingText: string;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={props.onClose}>
        Cancel
      </Button>
      <Button type="submit" disabled={props.pending}>
        {props.pending ? props.pendingText : props.submit}
      </Button>
    </div>
  );
}

/** The field errors of a 400 (`body.name`), by field name. */
export const fieldErrors = (err: unknown): Record<string, string> => {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details as { field?: unknown; message?: unknown }[])
    if (typeof d?.field === 'string' && typeof d.message === 'string')
      out[d.field.replace(/^body\./, '')] ??= d.message;
  return out;
};

/**
 * "Delete X?": what deleting means (`children`), Cancel and the danger button. The delete's error (a 409 the API
 * explains) is shown under `errorTitle`; a done delete refreshes the hierarchy and closes.
 */
export function ConfirmDeleteDialog(props: {
  org: string;
  title: string;
  testId: string;
  children: ReactNode;
  remove: () => Promise<unknown>;
  confirm: string;
  errorTitle: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: props.remove,
    onSuccess: async () => {
      await refreshHierarchy(queryClient, props.org);
      props.onClose();
    },
  });
  return (
    <Dialog open onOpenChange={closeOn(props.onClose)} title={props.title}>
      <div className="space-y-4 text-sm" data-testid={props.testId}>
        {props.children}
        {remove.error ? <ErrorAlert error={remove.error} title={props.errorTitle} /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? 'Deleting…' : props.confirm}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
