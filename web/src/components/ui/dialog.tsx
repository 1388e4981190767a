import type { ReactNode } from 'react';
import { Dialog as Base } from '@base-ui/react/dialog';

/** A modal dialog (Base UI: focus trap, Escape, labelled by its title). */
export function Dialog(props: {
  open: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** A dialog the user must answer (the API key): Escape and outside clicks do not close it. */
  modal?: boolean;
}) {
  return (
    <Base.Root
      open={props.open}
      onOpenChange={(open) => props.onOpenChange?.(open)}
      disablePointerDismissal={props.modal}
    >
      <Base.Portal>
        <Base.Backdrop className="fixed inset-0 bg-black/50" />
        <Base.Popup className="fixed top-1/2 left-1/2 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-line bg-surface p-6 text-text shadow-xl">
          <Base.Title className="text-lg font-semibold">{props.title}</Base.Title>
          {props.description ? (
            <Base.Description className="mt-1 text-sm text-muted">{props.description}</Base.Description>
          ) : null}
          <div className="mt-4">{props.children}</div>
        </Base.Popup>
      </Base.Portal>
    </Base.Root>
  );
}
