import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input } from '../../components/ui/input.js';
import { cn } from '../../components/ui/cn.js';
import {
  buildSetupBody,
  fieldErrorsOf,
  fieldKey,
  type FormValues,
  type ProviderField,
  type ProviderInfo,
  type SetupBody,
} from './model.js';
import { refreshAfterWrite } from './queries.js';

const AREA =
  'block w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-xs text-text ' +
  'placeholder:text-muted aria-[invalid=true]:border-danger';

type Outcome =
  | { kind: 'tested'; status: 'VALID' | 'INVALID'; reason: string | null; account_id: string | null }
  | { kind: 'error'; error: unknown };

type Connected = { name: string; fingerprint: string; status: string };

/**
 * The setup form's state and its two submissions: "test" validates only, "connect" validates and stores (then
 * refreshes the integrations and reports the stored credential). Secrets are cleared after every Connect.
 */
function useSetupForm(org: string, info: ProviderInfo, onConnected: (c: Connected) => void) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState<'test' | 'connect'>();
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const secretKeys = info.credential_fields
    .filter((f) => f.secret)
    .map((f) => fieldKey('credential', f.name));
  const clearSecrets = () =>
    setValues((v) => Object.fromEntries(Object.entries(v).filter(([k]) => !secretKeys.includes(k))));

  const send = async (mode: 'test' | 'connect', body: SetupBody) => {
    const path = { params: { path: { org, provider: info.id } } };
    if (mode === 'test') {
      const { data } = await api.POST('/api/v1/integrations/{org}/{provider}/validate', { ...path, body });
      setOutcome({
        kind: 'tested',
        status: data!.status,
        reason: data!.reason,
        account_id: data!.account_id,
      });
    } else {
      const { data } = await api.POST('/api/v1/integrations/{org}/{provider}/setup', {
        ...path,
        body: { ...body, ...(name.trim() ? { name: name.trim() } : {}) },
      });
      await refreshAfterWrite(queryClient, org);
      onConnected({ name: data!.name, fingerprint: data!.fingerprint, status: data!.status });
    }
  };

  const submit = async (mode: 'test' | 'connect') => {
    setOutcome(undefined);
    const built = buildSetupBody(info, values);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(mode);
    try {
      await send(mode, built.body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(fieldErrorsOf(info, error.details));
      setOutcome({ kind: 'error', error });
    } finally {
      if (mode === 'connect') clearSecrets();
      setBusy(undefined);
    }
  };
  return { name, setName, values, set, errors, outcome, busy, submit };
}

/**
 * Connects a credential of `info`'s provider: a form generated from the provider's described fields. Secrets
 * are password fields (key files are read in the browser into the field) and are cleared after every Connect;
 * nothing of the form goes to the query cache. "Test without saving" validates only; "Connect" validates and
 * stores (422: the provider's own message, nothing stored).
 */
export function SetupDialog(props: {
  org: string;
  info: ProviderInfo;
  onClose: () => void;
  onConnected: (c: Connected) => void;
}) {
  const { info } = props;
  const form = useSetupForm(props.org, info, props.onConnected);
  const { outcome, busy, submit } = form;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit('connect');
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Connect ${info.name}`}
      description="CloudAct checks the credential with the provider before storing it, encrypted. It is never shown again."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="setup-form">
        <div className="max-h-[60vh] space-y-4 overflow-y-auto pr-1">
          <Field id="setup-name" label="Name" hint="How this credential is listed, e.g. Production.">
            <Input
              {...fieldAria('setup-name', undefined, true)}
              value={form.name}
              maxLength={100}
              placeholder={`${info.name} credential`}
              onChange={(e) => form.setName(e.target.value)}
            />
          </Field>
          <SetupFields info={info} values={form.values} errors={form.errors} onChange={form.set} />
          <SetupOutcome outcome={outcome} provider={info.name} />
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button variant="secondary" disabled={!!busy} onClick={() => void submit('test')}>
            {busy === 'test' ? 'Testing…' : 'Test without saving'}
          </Button>
          <Button type="submit" disabled={!!busy}>
            {busy === 'connect' ? 'Connecting…' : 'Connect'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The provider's described fields: the credential's, then its settings (when it has any). */
function SetupFields(props: {
  info: ProviderInfo;
  values: FormValues;
  errors: Record<string, string>;
  onChange: (key: string, value: string) => void;
}) {
  const { info, values, errors } = props;
  return (
    <>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Credential</legend>
        {info.credential_fields.map((f) => (
          <FieldControl
            key={f.name}
            id={`cred-${f.name}`}
            field={f}
            value={values[fieldKey('credential', f.name)] ?? ''}
            error={errors[fieldKey('credential', f.name)]}
            onChange={(v) => props.onChange(fieldKey('credential', f.name), v)}
          />
        ))}
      </fieldset>
      {info.config_fields.length ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold">Settings</legend>
          {info.config_fields.map((f) => (
            <FieldControl
              key={f.name}
              id={`config-${f.name}`}
              field={f}
              value={values[fieldKey('config', f.name)] ?? ''}
              error={errors[fieldKey('config', f.name)]}
              onChange={(v) => props.onChange(fieldKey('config', f.name), v)}
            />
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** The answer of the last Test or Connect, below the fields: scrolled into view, as the form scrolls inside the dialog. */
function SetupOutcome({ outcome, provider }: { outcome: Outcome | undefined; provider: string }) {
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);
  return (
    <div ref={outcomeRef} data-testid="setup-outcome" aria-live="polite">
      {outcome?.kind === 'error' ? <SetupError error={outcome.error} provider={provider} /> : null}
      {outcome?.kind === 'tested' ? (
        outcome.status === 'VALID' ? (
          <Alert title={`${provider} accepted the credential`}>
            <p>
              Nothing was stored yet.{outcome.account_id ? ` Account: ${outcome.account_id}.` : ''} Connect to
              save it.
            </p>
          </Alert>
        ) : (
          <Alert tone="error" title={`${provider} rejected the credential`}>
            <p>{outcome.reason}</p>
          </Alert>
        )
      ) : null}
    </div>
  );
}

/** Why a setup failed: the provider's own message on 422, the plan limit on 402, else the API's message. */
function SetupError({ error, provider }: { error: unknown; provider: string }) {
  if (error instanceof ApiError && error.code === 'CREDENTIAL_INVALID')
    return (
      <div data-testid="provider-error">
        <Alert tone="error" title="Not connected">
          <p>{error.message}</p>
          <p className="text-xs text-muted">Nothing was stored. Check the credential and try again.</p>
        </Alert>
      </div>
    );
  if (error instanceof ApiError && error.code === 'PROVIDER_LIMIT')
    return <ErrorAlert error={error} title="Your plan's provider limit is reached" />;
  if (error instanceof ApiError && error.code === 'PROVIDER_UNREACHABLE')
    return <ErrorAlert error={error} title={`${provider} could not be reached`} />;
  return <ErrorAlert error={error} title="Not connected" />;
}

/** One described field: text, password, textarea, file (read into the field) or key-value lines. */
function FieldControl(props: {
  id: string;
  field: ProviderField;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { field: f, id, error } = props;
  const label = f.required ? f.title : `${f.title} (optional)`;
  const hint = f.default ? `${f.description} Default: ${f.default}.` : f.description;
  const aria = fieldAria(id, error, true);
  if (f.format === 'json-file' || f.format === 'pem-file') {
    return <KeyFileControl {...props} label={label} hint={hint} />;
  }
  if (f.format === 'key-value' || (f.format === 'multiline' && !f.secret)) {
    return (
      <Field
        id={id}
        label={label}
        hint={f.format === 'key-value' ? `${hint} One name=value per line.` : hint}
        error={error}
      >
        <textarea
          {...aria}
          rows={3}
          className={AREA}
          value={props.value}
          placeholder={
            f.format === 'key-value' ? 'prod-chat=gpt-4o-2024-08-06' : (f.placeholder ?? undefined)
          }
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </Field>
    );
  }
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input
        {...aria}
        type={f.secret ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        required={f.required}
        value={props.value}
        placeholder={f.placeholder ?? f.default ?? undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

/** A key file (service-account JSON, OCI PEM): chosen and read in the browser, never displayed; or pasted. */
function KeyFileControl(props: {
  id: string;
  field: ProviderField;
  value: string;
  error: string | undefined;
  label: string;
  hint: string;
  onChange: (value: string) => void;
}) {
  const [file, setFile] = useState<string>();
  const [paste, setPaste] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const accept = props.field.format === 'json-file' ? '.json,application/json' : '.pem,.key,text/plain';
  const read = async (f: File | undefined) => {
    if (!f) return;
    props.onChange(await f.text());
    setFile(f.name);
  };
  const loaded = props.value !== '' && file !== undefined && !paste;
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {paste ? (
        <textarea
          {...fieldAria(props.id, props.error, true)}
          rows={5}
          className={cn(AREA, '[-webkit-text-security:disc]')}
          value={props.value}
          autoComplete="off"
          spellCheck={false}
          placeholder={
            props.field.format === 'json-file'
              ? '{"type": "service_account", …}'
              : '-----BEGIN PRIVATE KEY-----'
          }
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <input
            ref={input}
            {...fieldAria(props.id, props.error, true)}
            type="file"
            accept={accept}
            className="block text-sm text-text file:mr-3 file:rounded-md file:border file:border-line file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:text-text"
            onChange={(e) => void read(e.target.files?.[0])}
          />
          {loaded ? (
            <span className="text-xs text-muted" data-testid={`${props.id}-loaded`}>
              {file} read ({props.value.length.toLocaleString('en-US')} characters; not shown)
            </span>
          ) : null}
        </div>
      )}
      <button
        type="button"
        className="text-xs font-medium text-accent underline underline-offset-2"
        onClick={() => {
          props.onChange('');
          setFile(undefined);
          if (input.current) input.current.value = '';
          setPaste((p) => !p);
        }}
      >
        {paste ? 'Choose a file instead' : 'Paste it instead'}
      </button>
    </Field>
  );
}
