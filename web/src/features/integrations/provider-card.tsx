import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CircleAlert, CircleCheck, Plus, Unplug } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Card } from '../../components/ui/card.js';
import { cn } from '../../components/ui/cn.js';
import { formatUtcDay } from '../../lib/day-format.js';
import { RequireRole } from '../org/use-role.js';
import {
  configSummary,
  freshnessOf,
  maskedFingerprint,
  type FreshnessItem,
  type Integration,
  type ProviderInfo,
} from './model.js';
import { refreshAfterWrite } from './queries.js';

const BADGE = 'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium';

/** A timestamp in the org's time zone. */
export const formatTimestamp = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));

export function StatusBadge({ status }: { status: 'VALID' | 'INVALID' | 'NONE' }) {
  if (status === 'NONE')
    return (
      <span className={cn(BADGE, 'border-line text-muted')}>
        <Unplug aria-hidden="true" className="size-3" />
        Not connected
      </span>
    );
  const valid = status === 'VALID';
  const Icon = valid ? CircleCheck : CircleAlert;
  return (
    <span
      className={cn(BADGE, valid ? 'border-success/50 text-success' : 'border-danger/50 text-danger')}
      data-status={status}
    >
      <Icon aria-hidden="true" className="size-3" />
      {valid ? 'Valid' : 'Invalid'}
    </span>
  );
}

export type CredentialAction = 'rename' | 'delete' | 'import';

/**
 * One provider: its status (the worst of its credentials), each credential with fingerprint, account, last
 * validated and data through, and the actions (re-validate, rename, delete, import usage). "Connect" opens the
 * setup form.
 */
export function ProviderCard(props: {
  org: string;
  info: ProviderInfo;
  credentials: Integration[];
  freshness: readonly FreshnessItem[];
  timeZone: string;
  onConnect: () => void;
  onAction: (action: CredentialAction, credential: Integration) => void;
}) {
  const { info, credentials } = props;
  const status =
    credentials.length === 0 ? 'NONE' : credentials.every((c) => c.status === 'VALID') ? 'VALID' : 'INVALID';
  const titleId = `provider-${info.id}-title`;
  return (
    <Card aria-labelledby={titleId} data-testid={`provider-${info.id}`} className="flex flex-col gap-3">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 id={titleId} className="text-base font-semibold">
            {info.name}
          </h3>
          <StatusBadge status={status} />
        </div>
        <RequireRole min="admin">
          {(disabled) => (
            <Button
              size="sm"
              variant={credentials.length ? 'secondary' : 'primary'}
              disabled={disabled}
              onClick={props.onConnect}
              aria-label={credentials.length ? `Add another ${info.name} credential` : `Connect ${info.name}`}
            >
              <Plus aria-hidden="true" className="size-4" />
              {credentials.length ? 'Add' : 'Connect'}
            </Button>
          )}
        </RequireRole>
      </div>
      {credentials.length === 0 ? (
        <p className="text-sm text-muted">
          {info.credential_fields
            .filter((f) => f.required)
            .map((f) => f.title.replace(/ \((JSON|PEM)\)$/, ''))
            .join(', ')}
          {info.config_fields.some((f) => f.required)
            ? ` and ${info.config_fields
                .filter((f) => f.required)
                .map((f) => f.title.toLowerCase())
                .join(', ')}`
            : ''}
          .
        </p>
      ) : (
        <ul className="space-y-3">
          {credentials.map((c) => (
            <CredentialItem
              key={c.credential_id}
              org={props.org}
              info={info}
              credential={c}
              freshness={props.freshness}
              timeZone={props.timeZone}
              onAction={(a) => props.onAction(a, c)}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

type Checked = { status: string; reason: string | null };

/** Re-validates a stored credential with its provider; the answer is kept until the next check. */
function useRevalidate(org: string, provider: ProviderInfo['id'], credentialId: string) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [checked, setChecked] = useState<Checked>();
  const revalidate = useMutation({
    mutationFn: async () =>
      (
        await api.POST('/api/v1/integrations/{org}/{provider}/validate', {
          params: { path: { org, provider } },
          body: { credential_id: credentialId },
        })
      ).data!,
    onSuccess: (d) => setChecked({ status: d.status, reason: d.reason }),
    onSettled: () => refreshAfterWrite(queryClient, org),
  });
  const start = () => {
    setChecked(undefined);
    revalidate.mutate();
  };
  return { checked, revalidate, start };
}

function CredentialItem(props: {
  org: string;
  info: ProviderInfo;
  credential: Integration;
  freshness: readonly FreshnessItem[];
  timeZone: string;
  onAction: (action: CredentialAction) => void;
}) {
  const c = props.credential;
  const { checked, revalidate, start } = useRevalidate(props.org, props.info.id, c.credential_id);
  return (
    <li
      className="rounded-md border border-line p-3"
      data-testid="credential"
      data-credential-id={c.credential_id}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">{c.name}</span>
        <StatusBadge status={c.status} />
      </div>
      <CredentialDetails
        info={props.info}
        credential={c}
        freshness={props.freshness}
        timeZone={props.timeZone}
      />
      {c.status === 'INVALID' && c.last_error ? (
        <p className="mt-2 text-xs text-danger" role="note">
          {c.last_error}
        </p>
      ) : null}
      {checked ? <RevalidateResult checked={checked} provider={props.info.name} /> : null}
      {revalidate.error ? (
        <div className="mt-2">
          <ErrorAlert error={revalidate.error} title="Could not re-validate" />
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap justify-end gap-1">
        <ActionButton
          label={revalidate.isPending ? 'Checking…' : 'Re-validate'}
          aria={`Re-validate ${c.name}`}
          disabled={revalidate.isPending}
          onClick={start}
        />
        {props.info.usage_import ? (
          <ActionButton
            label="Import usage"
            aria={`Import usage for ${c.name}`}
            onClick={() => props.onAction('import')}
          />
        ) : null}
        <ActionButton label="Rename" aria={`Rename ${c.name}`} onClick={() => props.onAction('rename')} />
        <ActionButton
          label="Delete"
          aria={`Delete ${c.name}`}
          danger
          onClick={() => props.onAction('delete')}
        />
      </div>
    </li>
  );
}

/** A credential's key, account, last validation, data freshness and settings. */
function CredentialDetails(props: {
  info: ProviderInfo;
  credential: Integration;
  freshness: readonly FreshnessItem[];
  timeZone: string;
}) {
  const c = props.credential;
  const { dataThrough, lastRun } = freshnessOf(props.freshness, c.credential_id);
  const settings = configSummary(props.info, c.config);
  return (
    <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
      <dt className="text-muted">Key</dt>
      <dd className="font-mono" data-testid="fingerprint">
        {maskedFingerprint(c.fingerprint)}
      </dd>
      {c.account_id ? (
        <>
          <dt className="text-muted">Account</dt>
          <dd className="break-all">{c.account_id}</dd>
        </>
      ) : null}
      <dt className="text-muted">Last validated</dt>
      <dd data-volatile>{c.validated_at ? formatTimestamp(c.validated_at, props.timeZone) : 'never'}</dd>
      <dt className="text-muted">Data through</dt>
      <dd data-testid="data-through">
        {dataThrough
          ? formatUtcDay(dataThrough)
          : lastRun
            ? `no completed run (last: ${lastRun.status.toLowerCase()})`
            : 'no run yet'}
      </dd>
      {settings.map((s) => (
        <FragmentRow key={s.name} title={s.title} text={s.text} />
      ))}
    </dl>
  );
}

function RevalidateResult({ checked, provider }: { checked: Checked; provider: string }) {
  return (
    <div className="mt-2" data-testid="revalidate-result">
      {checked.status === 'VALID' ? (
        <Alert title="Still valid">
          <p>{provider} accepted the stored credential.</p>
        </Alert>
      ) : (
        <Alert tone="error" title={`${provider} rejected the stored credential`}>
          <p>{checked.reason}</p>
        </Alert>
      )}
    </div>
  );
}

function FragmentRow({ title, text }: { title: string; text: string }) {
  return (
    <>
      <dt className="text-muted">{title}</dt>
      <dd className="break-all">{text}</dd>
    </>
  );
}

function ActionButton(props: {
  label: string;
  aria: string;
  danger?: boolean;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <RequireRole min="admin">
      {(disabled) => (
        <Button
          size="sm"
          variant="ghost"
          className={props.danger ? 'text-danger' : undefined}
          disabled={disabled || props.disabled}
          aria-label={props.aria}
          onClick={props.onClick}
        >
          {props.label}
        </Button>
      )}
    </RequireRole>
  );
}
