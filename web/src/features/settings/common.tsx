import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';

/** A card of a settings page: its heading (and actions), one line on what it is for, then its content. */
export function SettingsCard(props: {
  id: string;
  title: string;
  lead?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby={`${props.id}-title`} data-testid={props.id}>
      <CardTitle action={props.action}>
        <span id={`${props.id}-title`}>{props.title}</span>
      </CardTitle>
      {props.lead ? <p className="mb-4 text-sm text-muted">{props.lead}</p> : null}
      <div className="space-y-4">{props.children}</div>
    </Card>
  );
}

/** A read's states: placeholder lines while it loads, the API's error, or its data. */
export function Loaded<T>(props: {
  query: { isPending: boolean; error: unknown; data?: T | undefined };
  what: string;
  lines?: number;
  children: (data: T) => ReactNode;
}) {
  if (props.query.isPending)
    return (
      <div className="space-y-2" aria-busy="true">
        {Array.from({ length: props.lines ?? 3 }, (_, i) => (
          <Skeleton key={i} className="h-9" />
        ))}
      </div>
    );
  if (props.query.data === undefined)
    return <ErrorAlert error={props.query.error} title={`Could not load the ${props.what}`} />;
  return props.children(props.query.data);
}

/**
 * A write of a settings page: when it settles, every read of the org under `refresh` (key prefixes after
 * ['org', org]) and `me` are refreshed, and the router's guards run again, so the org's name in the header and the
 * user's role (which controls are enabled) come from the new `me`.
 */
export function useSettingsWrite<TArg, TResult>(
  org: string,
  refresh: readonly string[],
  fn: (arg: TArg) => Promise<TResult>,
) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await Promise.all([
        ...refresh.map((k) => queryClient.invalidateQueries({ queryKey: ['org', org, k] })),
        queryClient.invalidateQueries({ queryKey: ['me'] }),
      ]);
      await router.invalidate();
    },
  });
}

/** Label and value pairs (a description list), values in tabular figures. */
export function Facts({
  items,
  testId,
}: {
  items: readonly [label: string, value: ReactNode][];
  testId?: string;
}) {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4" data-testid={testId}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-muted">{label}</dt>
          <dd className="mt-0.5 font-medium tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
