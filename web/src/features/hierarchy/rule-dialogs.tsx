import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RULE_PREVIEW_DAYS, type RuleKind } from '../../../../shared/contracts/hierarchy.js';
import { integrationsQuery } from '../../app/queries.js';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { formatMoney } from '../../lib/money.js';
import { formatRange } from '../../lib/utc-days.js';
import {
  CLOUD_PROVIDERS,
  emptyMatchForm,
  formOfMatch,
  GENAI_DIMENSIONS,
  matchOfForm,
  RULE_KINDS,
  ruleFieldErrors,
  type FlatEntity,
  type MatchForm,
} from './model.js';
import { refreshHierarchy, rulePreviewQuery, type PreviewInput } from './queries.js';

export interface Rule {
  rule_id: string;
  name: string | null;
  priority: number;
  enabled: boolean;
  entity_id: string;
  entity_name: string;
  match: PreviewInput['match'];
}

type Preview = Awaited<ReturnType<NonNullable<ReturnType<typeof rulePreviewQuery>['queryFn']>>>;

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** The preview's figures in words: what the rule would move, what it matches, and Unallocated among them. */
export function PreviewFigures({ preview, compact = false }: { preview: Preview; compact?: boolean }) {
  const money = (v: number) => formatMoney(v, preview.currency);
  if (compact)
    return (
      <>
        <span data-testid="rule-preview-moved">
          {money(preview.moved.billed_cost)}{' '}
          <span className="text-muted">({count(preview.moved.record_count)} rows)</span>
        </span>
        <span className="block text-xs text-muted" data-testid="rule-preview-allocated">
          allocates {money(preview.allocated.billed_cost)}
        </span>
      </>
    );
  return (
    <div className="rounded-md border border-line bg-surface-2 p-3 text-sm" data-testid="rule-preview">
      <p className="font-medium">
        {formatRange({ start: preview.start_date, end: preview.end_date })} (last {RULE_PREVIEW_DAYS} days)
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-muted">Would move</dt>
        <dd data-testid="preview-moved">
          {money(preview.moved.billed_cost)} ({count(preview.moved.record_count)} rows)
        </dd>
        <dt className="text-muted">Matches</dt>
        <dd data-testid="preview-matched">
          {money(preview.matched.billed_cost)} ({count(preview.matched.record_count)} rows)
        </dd>
        <dt className="text-muted">Would allocate</dt>
        <dd>
          {money(preview.allocated.billed_cost)} ({count(preview.allocated.record_count)} rows;
          higher-priority rules keep the rest)
        </dd>
        <dt className="text-muted">Unallocated today</dt>
        <dd data-testid="preview-unallocated">
          {money(preview.unallocated.billed_cost)} ({count(preview.unallocated.record_count)} rows)
        </dd>
      </dl>
      {preview.other_currency_records ? (
        <p className="mt-2 text-xs text-muted">
          {count(preview.other_currency_records)} matching rows billed in another currency are not in these
          figures.
        </p>
      ) : null}
    </div>
  );
}

/** The last-30-days preview of a saved rule (its table cell). */
export function RulePreviewCell(props: { org: string; rule: Rule }) {
  const { api } = useServices();
  const r = props.rule;
  const q = useQuery(
    rulePreviewQuery(api, props.org, {
      match: r.match,
      entity_id: r.entity_id,
      priority: r.priority,
      rule_id: r.rule_id,
    }),
  );
  if (!r.enabled) return <span className="text-muted">disabled</span>;
  if (q.isPending) return <Skeleton className="h-4 w-24" />;
  if (q.isError) return <span className="text-danger">{q.error.message}</span>;
  return <PreviewFigures preview={q.data} compact />;
}

/**
 * Create or edit an allocation rule: its kind's match fields (all five kinds), the entity, priority and name, and a
 * preview of what it would move over the last 30 days before saving.
 */
export function RuleDialog(props: {
  org: string;
  entities: readonly FlatEntity[];
  rule?: Rule;
  /** Opened from Unallocated: says so. */
  fromUnallocated?: boolean;
  onClose: () => void;
}) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const editing = props.rule;
  const [form, setForm] = useState<MatchForm>(editing ? formOfMatch(editing.match) : emptyMatchForm());
  const [entityId, setEntityId] = useState(editing?.entity_id ?? '');
  const [priority, setPriority] = useState(String(editing?.priority ?? 100));
  const [name, setName] = useState(editing?.name ?? '');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [previewOf, setPreviewOf] = useState<PreviewInput>();
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const integrations = useQuery({
    ...integrationsQuery(api, props.org),
    enabled: form.kind === 'credential',
  });
  const preview = useQuery({
    ...rulePreviewQuery(api, props.org, previewOf ?? { match: matchOfForm(form) }),
    enabled: previewOf !== undefined,
    retry: false,
  });
  // The figures appear below the fold of the dialog's scrolling form: bring them into view.
  const figures = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (previewOf && (preview.data || preview.error)) figures.current?.scrollIntoView({ block: 'nearest' });
  }, [previewOf, preview.data, preview.error]);
  const set = (patch: Partial<MatchForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setPreviewOf(undefined);
  };
  const priorityNumber = Number(priority);
  const bodyOf = (): PreviewInput => ({
    match: matchOfForm(form),
    ...(entityId ? { entity_id: entityId } : {}),
    ...(Number.isInteger(priorityNumber) ? { priority: priorityNumber } : {}),
    ...(editing ? { rule_id: editing.rule_id } : {}),
  });
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        name: name.trim() ? name.trim() : null,
        priority: priorityNumber,
        enabled,
        entity_id: entityId,
        match: matchOfForm(form),
      };
      if (editing)
        return (
          await api.PUT('/api/v1/hierarchy/{org}/allocation-rules/{rule_id}', {
            params: { path: { org: props.org, rule_id: editing.rule_id } },
            body,
          })
        ).data!;
      return (
        await api.POST('/api/v1/hierarchy/{org}/allocation-rules', {
          params: { path: { org: props.org } },
          body,
        })
      ).data!;
    },
    onSuccess: async () => {
      await refreshHierarchy(queryClient, props.org);
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!entityId) errors.entity_id = 'Choose the entity the cost goes to.';
    if (!Number.isInteger(priorityNumber) || priorityNumber < 0)
      errors.priority = 'A whole number, 0 or more.';
    setLocalError(errors);
    if (!Object.keys(errors).length) save.mutate();
  };
  const apiErrors = {
    ...ruleFieldErrors(save.error instanceof ApiError ? save.error.details : undefined),
    ...ruleFieldErrors(preview.error instanceof ApiError ? preview.error.details : undefined),
  };
  const err = (field: string) => localError[field] ?? apiErrors[field] ?? apiErrors[`match.${field}`];
  const text = (id: keyof MatchForm, label: string, hint?: string, fieldName = id as string) => (
    <Field id={`rule-${id}`} label={label} hint={hint} error={err(fieldName)}>
      <Input
        {...fieldAria(`rule-${id}`, err(fieldName), !!hint)}
        value={form[id]}
        maxLength={256}
        onChange={(e) => set({ [id]: e.target.value })}
      />
    </Field>
  );
  const kindInfo = RULE_KINDS.find((k) => k.kind === form.kind)!;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={editing ? 'Edit allocation rule' : 'New allocation rule'}
      description={
        props.fromUnallocated
          ? 'Unallocated cost is cost no rule assigns to an entity. Match part of it and preview how much moves.'
          : 'Costs matching the rule go to the entity from the next pipeline run (re-runs re-allocate history).'
      }
    >
      <form
        onSubmit={submit}
        noValidate
        className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
        data-testid="rule-dialog"
      >
        <Field id="rule-kind" label="Match on" hint={kindInfo.hint}>
          <Select
            {...fieldAria('rule-kind', undefined, true)}
            value={form.kind}
            onChange={(e) => set({ ...emptyMatchForm(e.target.value as RuleKind) })}
          >
            {RULE_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        {form.kind === 'credential' ? (
          <Field id="rule-credential_id" label="Integration" error={err('credential_id')}>
            <Select
              {...fieldAria('rule-credential_id', err('credential_id'))}
              value={form.credential_id}
              onChange={(e) => set({ credential_id: e.target.value })}
            >
              <option value="">Choose an integration…</option>
              {(integrations.data?.items ?? []).map((c) => (
                <option key={c.credential_id} value={c.credential_id}>
                  {c.name} ({c.provider})
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {form.kind === 'cloud_account' ? (
          <>
            {text(
              'account_id',
              'Account id',
              'GCP project, AWS account, Azure subscription or OCI compartment.',
            )}
            <Field id="rule-cloud_provider" label="Cloud (optional)" error={err('provider')}>
              <Select
                {...fieldAria('rule-cloud_provider', err('provider'))}
                value={form.cloud_provider}
                onChange={(e) => set({ cloud_provider: e.target.value })}
              >
                <option value="">Any cloud</option>
                {CLOUD_PROVIDERS.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            </Field>
          </>
        ) : null}
        {form.kind === 'tag' ? (
          <>
            {text('key', 'Tag key', 'e.g. team')}
            {text('value', 'Tag value', 'e.g. platform')}
          </>
        ) : null}
        {form.kind === 'genai_dimension' ? (
          <>
            <Field id="rule-dimension" label="Dimension">
              <Select
                {...fieldAria('rule-dimension')}
                value={form.dimension}
                onChange={(e) => set({ dimension: e.target.value as MatchForm['dimension'] })}
              >
                {GENAI_DIMENSIONS.map((d) => (
                  <option key={d} value={d}>
                    {d === 'workspace' ? 'Workspace / project' : d === 'api_key' ? 'API key id' : 'Account'}
                  </option>
                ))}
              </Select>
            </Field>
            {text('genai_value', 'Value', 'e.g. proj_abc123', 'value')}
            {text('genai_provider', 'Provider (optional)', 'e.g. openai', 'provider')}
          </>
        ) : null}
        {form.kind === 'saas_plan' ? (
          <>
            {text('saas_provider', 'SaaS provider', 'e.g. slack', 'provider')}
            {text('plan_name', 'Plan (optional)', 'e.g. pro; empty: every plan', 'plan_name')}
          </>
        ) : null}
        <Field id="rule-entity" label="Allocate to" error={err('entity_id')}>
          <Select
            {...fieldAria('rule-entity', err('entity_id'))}
            value={entityId}
            onChange={(e) => {
              setEntityId(e.target.value);
              setPreviewOf(undefined);
            }}
          >
            <option value="">Choose an entity…</option>
            {props.entities.map((e) => (
              <option key={e.entity_id} value={e.entity_id}>
                {'\u00a0'.repeat(e.depth * 2)}
                {e.name} ({e.entity_id})
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id="rule-priority" label="Priority" hint="Higher wins." error={err('priority')}>
            <Input
              {...fieldAria('rule-priority', err('priority'), true)}
              inputMode="numeric"
              value={priority}
              onChange={(e) => {
                setPriority(e.target.value);
                setPreviewOf(undefined);
              }}
            />
          </Field>
          <Field id="rule-name" label="Name (optional)" error={err('name')}>
            <Input
              {...fieldAria('rule-name', err('name'))}
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Enabled
        </label>
        <div className="space-y-2" ref={figures}>
          <Button variant="secondary" onClick={() => setPreviewOf(bodyOf())} disabled={preview.isFetching}>
            {preview.isFetching ? 'Previewing…' : `Preview the last ${RULE_PREVIEW_DAYS} days`}
          </Button>
          {previewOf && preview.data ? <PreviewFigures preview={preview.data} /> : null}
          {previewOf && preview.error ? <ErrorAlert error={preview.error} title="Could not preview" /> : null}
        </div>
        {save.error ? <ErrorAlert error={save.error} title="Could not save the rule" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save rule' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Delete this rule?": its costs stay where they are until the next run re-allocates them. */
export function DeleteRuleDialog(props: { org: string; rule: Rule; label: string; onClose: () => void }) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      api.DELETE('/api/v1/hierarchy/{org}/allocation-rules/{rule_id}', {
        params: { path: { org: props.org, rule_id: props.rule.rule_id } },
      }),
    onSuccess: async () => {
      await refreshHierarchy(queryClient, props.org);
      props.onClose();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title="Delete this allocation rule?"
    >
      <div className="space-y-4 text-sm" data-testid="delete-rule-dialog">
        <p>
          {props.label} → {props.rule.entity_name}. The costs it matched become unallocated (or go to another
          matching rule) from the next pipeline run on.
        </p>
        {remove.error ? <ErrorAlert error={remove.error} title="Could not delete" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? 'Deleting…' : 'Delete rule'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
