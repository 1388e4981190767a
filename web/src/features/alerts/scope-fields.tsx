import { useQuery } from '@tanstack/react-query';
import { COST_TYPES } from '../../../../shared/contracts/costs.js';
import { useServices } from '../../app/services.js';
import { integrationsQuery } from '../../app/queries.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { hierarchyTreeQuery } from '../costs/queries.js';
import { entityOptions } from '../costs/labels.js';
import { COST_TYPE_LABELS } from './model.js';
import type { CustomFormApi } from './create-alert-dialog.js';

/**
 * A custom alert's scope: a provider for every kind (the org's connected providers suggested, any id accepted,
 * e.g. a SaaS one); cost type, service category, hierarchy entity (with its descendants) and basis for cost kinds.
 */
export function ScopeFields(props: { org: string; form: CustomFormApi; costScope: boolean }) {
  const { api } = useServices();
  const integrations = useQuery(integrationsQuery(api, props.org));
  const { form } = props;
  const e = form.formState.errors.scope;
  const providers = [...new Set((integrations.data?.items ?? []).map((i) => i.provider))].sort();
  return (
    <fieldset className="space-y-3 rounded-md border border-line p-3">
      <legend className="px-1 text-sm font-medium">Scope (optional)</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="scope-provider"
          label="Provider"
          hint="Empty: every provider."
          error={e?.provider?.message}
        >
          <Input
            list="scope-provider-options"
            {...fieldAria('scope-provider', e?.provider?.message, true)}
            {...form.register('scope.provider')}
          />
        </Field>
        <datalist id="scope-provider-options">
          {providers.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        {props.costScope ? <CostScopeFields org={props.org} form={form} /> : null}
      </div>
    </fieldset>
  );
}

function CostScopeFields({ org, form }: { org: string; form: CustomFormApi }) {
  const { api } = useServices();
  const tree = useQuery(hierarchyTreeQuery(api, org));
  const e = form.formState.errors.scope;
  return (
    <>
      <Field id="scope-cost-type" label="Cost type" error={e?.cost_type?.message}>
        <Select
          {...fieldAria('scope-cost-type', e?.cost_type?.message)}
          {...form.register('scope.cost_type')}
        >
          <option value="">All</option>
          {COST_TYPES.map((t) => (
            <option key={t} value={t}>
              {COST_TYPE_LABELS[t]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="scope-category" label="Service category" error={e?.service_category?.message}>
        <Input
          {...fieldAria('scope-category', e?.service_category?.message)}
          {...form.register('scope.service_category')}
        />
      </Field>
      <Field
        id="scope-entity"
        label="Hierarchy entity"
        hint="Includes its descendants."
        error={e?.hierarchy_entity_id?.message}
      >
        <Select
          {...fieldAria('scope-entity', e?.hierarchy_entity_id?.message, true)}
          {...form.register('scope.hierarchy_entity_id')}
        >
          <option value="">Whole organization</option>
          {entityOptions(tree.data?.roots ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="scope-metric" label="Cost basis" error={e?.metric?.message}>
        <Select {...fieldAria('scope-metric', e?.metric?.message)} {...form.register('scope.metric')}>
          <option value="">Billed (default)</option>
          <option value="billed">Billed</option>
          <option value="effective">Effective</option>
        </Select>
      </Field>
    </>
  );
}
