import { Cloud } from 'lucide-react';

export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold text-text">
      <span className="inline-flex size-7 items-center justify-center rounded-md bg-accent text-accent-contrast">
        <Cloud aria-hidden="true" className="size-4" />
      </span>
      CloudAct
    </span>
  );
}
