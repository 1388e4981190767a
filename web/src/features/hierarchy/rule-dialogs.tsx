import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RULE_PREVIEW_DAYS } from '../../../../shared/contracts/hierarchy.js';
import type { Api } from '../../api/client.js';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { closeOn, ConfirmDeleteDialog } from './dialog-parts.js';
import { MatchFields } from './match-fields.js';
import {
  emptyMatchForm,
  formOfMatch,
  matchOfForm,
  ruleFieldErrors,
  type FlatEntity,
  type MatchForm,
} from './model.js';
import { refreshHierarchy, rulePreviewQuery, type PreviewInput } from './queries.js';
import { PreviewFigures, type Rule } from './rule-preview.js';

export type { Rule } from './rule-preview.js';

/** The rule form's state; any change to what the preview reads hides the last preview. */
function useRuleForm(rule: Rule | undefined) {
  const [form, setForm] = useState<MatchForm>(rule ? formOfMatch(rule.match) : emptyMatchForm());
  const [entityId, setEntityId] = useState(rule?.entity_id ?? '');
  const [priority, setPriority] = useState(String(rule?.priority ?? 100));
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [previewOf, setPreviewOf] = useState<PreviewInput>();
  const priorityNumber = Number(priority);
  const stale =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPreviewOf(undefined);
    };
  return {
    form,
    set: stale((patch: Partial<MatchForm>) => setForm((f) => ({ ...f, ...patch }))),
    entityId,
    setEntityId: stale(setEntityId),
    priority,
    setPriority: stale(setPriority),
    priorityNumber,
    name,
    setName,
    enabled,
    setEnabled,
    previewOf,
    /** Previews the rule as the form stands. */
    preview: () =>
      setPreviewOf({
        match: matchOfForm(form),
        ...(entityId ? { entity_id: entityId } : {}),
        ...(Number.isInteger(priorityNumber) ? { priority: priorityNumber } : {}),
        ...(rule ? { rule_id: rule.rule_id } : {}),
      }),
    body: () => ({
      name: name.trim() ? name.trim() : null,
      priority: priorityNumber,
      enabled,
      entity_id: entityId,
      match: matchOfForm(form),
    }),
  };
}
type RuleForm = ReturnType<typeof useRuleForm>;

function saveRule(api: Api, org: string, rule: Rule | undefined, body: ReturnType<RuleForm['body']>) {
  if (rule)
    return api.PUT('/api/v1/hierarchy/{org}/allocation-rules/{rule_id}', {
      params: { path: { org, rule_id: rule.rule_id } },
      body,
    });
  return api.POST('/api/v1/hierarchy/{org}/allocation-rules', { params: { path: { org } }, body });
}

/** Where the cost goes, the priority, the name and whether the rule is on. */
function RuleSettings(props: {
  f: RuleForm;
  entities: readonly FlatEntity[];
  error: (field: string) => string | undefined;
}) {
  const { f, error } = props;
  return (
    <>
      <Field id="rule-entity" label="Allocate to" error={error('entity_id')}>
        <Select
          {...fieldAria('rule-entity', error('entity_id'))}
          value={f.entityId}
          onChange={(e) => f.setEntityId(e.target.value)}
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
        <Field id="rule-priority" label="Priority" hint="Higher wins." error={error('priority')}>
          <Input
            {...fieldAria('rule-priority', error('priority'), true)}
            inputMode="numeric"
            value={f.priority}
            onChange={(e) => f.setPriority(e.target.value)}
          />
        </Field>
        <Field id="rule-name" label="Name (optional)" error={error('name')}>
          <Input
            {...fieldAria('rule-name', error('name'))}
            value={f.name}
            maxLength={200}
            onChange={(e) => f.setName(e.target.value)}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={f.enabled} onChange={(e) => f.setEnabled(e.target.checked)} />
        Enabled
      </label>
    </>
  );
}

/** "Preview the last 30 days" and its figures, scrolled into view (they appear below the dialog's fold). */
function PreviewSection(props: {
  preview: ReturnType<typeof usePreview>;
  onPreview: () => void;
  shown: boolean;
}) {
  const { preview } = props;
  const figures = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.shown && (preview.data || preview.error)) figures.current?.scrollIntoView({ block: 'nearest' });
  }, [props.shown, preview.data, preview.error]);
  return (
    <div className="space-y-2" ref={figures}>
      <Button variant="secondary" onClick={props.onPreview} disabled={preview.isFetching}>
        {preview.isFetching ? 'Previewing…' : `Preview the last ${RULE_PREVIEW_DAYS} days`}
      </Button>
      {props.shown && preview.data ? <PreviewFigures preview={preview.data} /> : null}
      {props.shown && preview.error ? <ErrorAlert error={preview.error} title="Could not preview" /> : null}
    </div>
  );
}

function usePreview(org: string, f: RuleForm) {
  const { api } = useServices();
  return useQuery({
    ...rulePreviewQuery(api, org, f.previewOf ?? { match: matchOfForm(f.form) }),
    enabled: f.previewOf !== undefined,
    retry: false,
  });
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
  const f = useRuleForm(props.rule);
  const preview = usePreview(props.org, f);
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => saveRule(api, props.org, props.rule, f.body()),
    onSuccess: async () => {
      await refreshHierarchy(queryClient, props.org);
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!f.entityId) errors.entity_id = 'Choose the entity the cost goes to.';
    if (!Number.isInteger(f.priorityNumber) || f.priorityNumber < 0)
      errors.priority = 'A whole number, 0 or more.';
    setLocalError(errors);
    if (!Object.keys(errors).length) save.mutate();
  };
  const apiErrors = {
    ...ruleFieldErrors(save.error instanceof ApiError ? save.error.details : undefined),
    ...ruleFieldErrors(preview.error instanceof ApiError ? preview.error.details : undefined),
  };
  const error = (field: string) => localError[field] ?? apiErrors[field] ?? apiErrors[`match.${field}`];
  return (
    <Dialog
      open
      onOpenChange={closeOn(props.onClose)}
      title={props.rule ? 'Edit allocation rule' : 'New allocation rule'}
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
        <MatchFields org={props.org} form={f.form} set={f.set} error={error} />
        <RuleSettings f={f} entities={props.entities} error={error} />
        <PreviewSection preview={preview} onPreview={f.preview} shown={f.previewOf !== undefined} />
        {save.error ? <ErrorAlert error={save.error} title="Could not save the rule" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : props.rule ? 'Save rule' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Delete this rule?": its costs stay where they are until the next run re-allocates them. */
export function DeleteRuleDialog(props: { org: string; rule: Rule; label: string; onClose: () => void }) {
  const { api } = useServices();
  const { org, rule } = props;
  return (
    <ConfirmDeleteDialog
      org={org}
      title="Delete this allocation rule?"
      testId="delete-rule-dialog"
      remove={() =>
        api.DELETE('/api/v1/hierarchy/{org}/allocation-rules/{rule_id}', {
          params: { path: { org, rule_id: rule.rule_id } },
        })
      }
      confirm="Delete rule"
      errorTitle="Could not delete"
      onClose={props.onClose}
    >
      <p>
        {props.label} → {rule.entity_name}. The costs it matched become unallocated (or go to another matching
        rule) from the next pipeline run on.
      </p>
    </ConfirmDeleteDialog>
  );
}
