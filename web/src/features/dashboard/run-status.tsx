import { cn } from '../../components/ui/cn.js';

const TONE: Record<string, string> = {
  COMPLETED: 'text-success',
  FAILED: 'text-danger',
  CANCELLED: 'text-muted',
  RUNNING: 'text-accent',
  PENDING: 'text-muted',
};

/** A run status as a word with a colour (the word carries the meaning; the colour only helps). */
export function RunStatus({ status }: { status: string }) {
  return (
    <span className={cn('font-medium', TONE[status])}>
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}
