import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { RuleKind } from '../../../../shared/contracts/hierarchy.js';
import { integrationsQuery } from '../../app/queries.js';
import { useServices } from '../../app/services.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { CLOUD_PROVIDERS, emptyMatchForm, GENAI_DIMENSIONS, RULE_KINDS, type MatchForm } from './model.js';

export interface MatchFieldsProps {
  org: string;
  form: MatchForm;
  set: (patch: Partial<MatchForm>) => void;
  /** A field's error by its name in the contract (`account_id`, `provider`, `value`, …). */
  error: (field: string) => string | undefined;
}

const DIMENSION_LABELS = {
  workspace: 'Workspace / project',
  api_key: 'API key id',
  account: 'Account',
} as const;

/** A text field of the match form, named `rule-<id>`; its errors come from the contract field `field`. */
function TextField(
  props: MatchFieldsProps & { id: keyof MatchForm; label: string; hint: string; field?: string },
) {
  const id = `rule-${props.id}`;
  const error = props.error(props.field ?? props.id);
  return (
    <Field id={id} label={props.label} hint={props.hint} error={error}>
      <Input
        {...fieldAria(id, error, true)}
        value={props.form[props.id]}
        maxLength={256}
        onChange={(e) => props.set({ [props.id]: e.target.value })}
      />
    </Field>
  );
}

/** A select of the match form, named `rule-<id>`. */
function SelectField(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const id = `rule-${props.id}`;
  return (
    <Field id={id} label={props.label} error={props.error}>
      <Select
        {...fieldAria(id, props.error)}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.children}
      </Select>
    </Field>
  );
}

/** The integration a credential rule matches, chosen from the org's credentials by name. */
function CredentialField(props: MatchFieldsProps) {
  const { api } = useServices();
  const integrations = useQuery(integrationsQuery(api, props.org));
  return (
    <SelectField
      id="credential_id"
      label="Integration"
      value={props.form.credential_id}
      error={props.error('credential_id')}
      onChange={(credential_id) => props.set({ credential_id })}
    >
      <option value="">Choose an integration…</option>
      {(integrations.data?.items ?? []).map((c) => (
        <option key={c.credential_id} value={c.credential_id}>
          {c.name} ({c.provider})
        </option>
      ))}
    </SelectField>
  );
}

/** The fields of one kind's match (shared/contracts/allocation-rules.ts). */
function KindFields(props: MatchFieldsProps) {
  const { form, set, error } = props;
  switch (form.kind) {
    case 'credential':
      return <CredentialField {...props} />;
    case 'cloud_account':
      return (
        <>
          <TextField
            {...props}
            id="account_id"
            label="Account id"
            hint="GCP project, AWS account, Azure subscription or OCI compartment."
          />
          <SelectField
            id="cloud_provider"
            label="Cloud (optional)"
            value={form.cloud_provider}
            error={error('provider')}
            onChange={(cloud_provider) => set({ cloud_provider })}
          >
            <option value="">Any cloud</option>
            {CLOUD_PROVIDERS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
        </>
      );
    case 'tag':
      return (
        <>
          <TextField {...props} id="key" label="Tag key" hint="e.g. team" />
          <TextField {...props} id="value" label="Tag value" hint="e.g. platform" />
        </>
      );
    case 'genai_dimension':
      return (
        <>
          <SelectField
            id="dimension"
            label="Dimension"
            value={form.dimension}
            onChange={(d) => set({ dimension: d as MatchForm['dimension'] })}
          >
            {GENAI_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABELS[d]}
              </option>
            ))}
          </SelectField>
          <TextField {...props} id="genai_value" field="value" label="Value" hint="e.g. proj_abc123" />
          <TextField
            {...props}
            id="genai_provider"
            field="provider"
            label="Provider (optional)"
            hint="e.g. openai"
          />
        </>
      );
    case 'saas_plan':
      return (
        <>
          <TextField {...props} id="saas_provider" field="provider" label="SaaS provider" hint="e.g. slack" />
          <TextField {...props} id="plan_name" label="Plan (optional)" hint="e.g. pro; empty: every plan" />
        </>
      );
  }
}

/** "Match on" (the five kinds) and the chosen kind's fields. */
export function MatchFields(props: MatchFieldsProps) {
  const info = RULE_KINDS.find((k) => k.kind === props.form.kind)!;
  return (
    <>
      <Field id="rule-kind" label="Match on" hint={info.hint}>
        <Select
          {...fieldAria('rule-kind', undefined, true)}
          value={props.form.kind}
          onChange={(e) => props.set({ ...emptyMatchForm(e.target.value as RuleKind) })}
        >
          {RULE_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </Select>
      </Field>
      <KindFields {...props} />
    </>
  );
}
