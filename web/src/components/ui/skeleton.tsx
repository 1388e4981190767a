import { cn } from './cn.js';

/** A placeholder with the size of what loads into it, so the page does not shift when it arrives. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn('animate-pulse rounded-md bg-surface-2', className)} />;
}
