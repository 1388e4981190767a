import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Button } from '../../components/ui/button.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { formatDay } from '../../lib/utc-days.js';
import { PROVIDER_LABELS, type GenAiProvider, type PricingItem } from './model.js';
import { refreshPricing } from './queries.js';

/** Delete one dated override (DELETE …/pricing/{model}?effective_from=): the public price applies again. */
export function DeleteOverrideDialog(props: {
  org: string;
  provider: GenAiProvider;
  item: PricingItem;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { org, provider, item } = props;
  const { api } = useServices();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: async () =>
      (
        await api.DELETE('/api/v1/integrations/{org}/{provider}/pricing/{model}', {
          params: {
            path: { org, provider, model: item.model },
            query: { effective_from: item.effective_from },
          },
        })
      ).data!,
    onSuccess: async () => {
      await refreshPricing(queryClient, org);
      props.onDeleted();
    },
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Delete the override of ${item.model}?`}
      description={`From ${formatDay(item.effective_from)}${item.effective_to ? ` until ${formatDay(item.effective_to)}` : ''}, ${item.model} is priced at the public price again (or an earlier override) from the next run of the usage pipeline.`}
    >
      {remove.isError ? <ErrorAlert error={remove.error} title="The override was not deleted" /> : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose}>
          Cancel
        </Button>
        <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
          {remove.isPending ? 'Deleting…' : 'Delete override'}
        </Button>
      </div>
    </Dialog>
  );
}

/** Remove every override of a provider (DELETE …/pricing), naming how many and of which models. */
export function ResetDialog(props: {
  org: string;
  provider: GenAiProvider;
  overrides: readonly PricingItem[];
  onClose: () => void;
  onReset: (deleted: number) => void;
}) {
  const { org, provider, overrides } = props;
  const { api } = useServices();
  const queryClient = useQueryClient();
  const models = [...new Set(overrides.map((o) => o.model))];
  const reset = useMutation({
    mutationFn: async () =>
      (
        await api.DELETE('/api/v1/integrations/{org}/{provider}/pricing', {
          params: { path: { org, provider } },
        })
      ).data!,
    onSuccess: async (data) => {
      await refreshPricing(queryClient, org);
      props.onReset(data.deleted);
    },
  });
  const label = PROVIDER_LABELS[provider];
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Reset ${label} to public prices?`}
      description={`Deletes all ${overrides.length} override${overrides.length === 1 ? '' : 's'} of ${label} (${models.join(', ')}). Usage is priced at the public prices from the next run of the usage pipeline.`}
    >
      {reset.isError ? <ErrorAlert error={reset.error} title="The overrides were not reset" /> : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose}>
          Cancel
        </Button>
        <Button variant="danger" disabled={reset.isPending} onClick={() => reset.mutate()}>
          {reset.isPending
            ? 'Resetting…'
            : `Delete ${overrides.length} override${overrides.length === 1 ? '' : 's'}`}
        </Button>
      </div>
    </Dialog>
  );
}
