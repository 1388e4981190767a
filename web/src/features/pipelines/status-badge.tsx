import { Ban, Check, CircleAlert, Clock, LoaderCircle, SkipForward } from 'lucide-react';
import { cn } from '../../components/ui/cn.js';
import { statusBadge, type BadgeIcon, type Tone } from './model.js';

const ICONS: Record<BadgeIcon, typeof Check> = {
  check: Check,
  alert: CircleAlert,
  spinner: LoaderCircle,
  clock: Clock,
  skip: SkipForward,
  ban: Ban,
};

const TONES: Record<Tone, string> = {
  success: 'border-success/50 text-success',
  danger: 'border-danger/50 text-danger',
  progress: 'border-accent/50 text-accent',
  waiting: 'border-line text-muted',
  muted: 'border-line text-muted',
};

/** A run or step status: a word with an icon (the word carries the meaning; colour and icon only help). */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const badge = statusBadge(status);
  const Icon = ICONS[badge.icon];
  return (
    <span
      data-status={status}
      className={cn(
        'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap',
        TONES[badge.tone],
        className,
      )}
    >
      <Icon
        aria-hidden="true"
        className={cn('size-3', badge.icon === 'spinner' && 'animate-spin motion-reduce:animate-none')}
      />
      {badge.label}
    </span>
  );
}
