import type { ReactNode } from 'react';
import { CircleAlert, Info } from 'lucide-react';
import { ApiError, errorMessage } from '../../api/errors.js';
import { cn } from './cn.js';

export function Alert(props: { tone?: 'error' | 'info'; title?: string; children?: ReactNode }) {
  const error = props.tone === 'error';
  const Icon = error ? CircleAlert : Info;
  return (
    <div
      role={error ? 'alert' : 'status'}
      className={cn(
        'flex gap-3 rounded-md border p-3 text-sm',
        error ? 'border-danger/40 bg-danger-soft text-text' : 'border-line bg-surface-2 text-text',
      )}
    >
      <Icon
        aria-hidden="true"
        className={cn('mt-0.5 size-4 shrink-0', error ? 'text-danger' : 'text-accent')}
      />
      <div className="space-y-1">
        {props.title ? <p className="font-medium">{props.title}</p> : null}
        {props.children}
      </div>
    </div>
  );
}

/** An error as the API gave it: its message, and the request id to quote to support. */
export function ErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <Alert tone="error" title={title}>
      <p>{errorMessage(error)}</p>
      {api?.retryAfter ? <p>Try again in {Math.ceil(api.retryAfter / 60)} min.</p> : null}
      {api?.requestId ? (
        <p className="text-xs text-muted">
          Request id: <code className="select-all">{api.requestId}</code>
        </p>
      ) : null}
    </Alert>
  );
}
