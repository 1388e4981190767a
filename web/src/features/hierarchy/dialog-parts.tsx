import { ApiError } from '../../api/errors.js';
import { Button } from '../../components/ui/button.js';

// Pieces the hierarchy page's dialogs share: closing on Escape, Cancel / submit, and a 400's field errors.

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
