import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { orgProfileQuery } from '../../app/queries.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ApiKeyDialog } from '../onboarding/api-key-dialog.js';
import { RequireRole } from '../org/use-role.js';
import { Loaded, SettingsCard, useSettingsWrite } from './common.js';

/** Rotate the org's API key (owners): the new key comes back once. */
function useRotateKey(org: string) {
  const { api } = useServices();
  return useSettingsWrite(org, ['profile'], async () => {
    const { data } = await api.POST('/api/v1/organizations/{org}/api-key/rotate', {
      params: { path: { org } },
    });
    return data!;
  });
}

/** "Rotate the API key?": the current key stops at once; the API's refusal stays in the dialog. */
function RotateKeyDialog(props: {
  rotate: ReturnType<typeof useRotateKey>;
  onCancel: () => void;
  onRotated: (apiKey: string) => void;
}) {
  const { rotate } = props;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onCancel())}
      title="Rotate the API key?"
      description="The current key stops working at once: pipelines, scripts and integrations that use it get 401 until they have the new key. The new key is shown once."
    >
      <div className="space-y-4">
        {rotate.error ? <ErrorAlert error={rotate.error} title="Could not rotate the key" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={rotate.isPending}
            onClick={() =>
              void rotate.mutateAsync(undefined).then(
                (k) => props.onRotated(k.api_key),
                () => {},
              )
            }
          >
            {rotate.isPending ? 'Rotating…' : 'Rotate now'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/**
 * The org's API key: its fingerprint, and "Rotate" (owners only) behind a confirmation that the current key
 * stops at once; the new key is shown once in the API key dialog and kept nowhere else.
 */
export function ApiKeyCard({ org }: { org: string }) {
  const { api } = useServices();
  const profile = useQuery(orgProfileQuery(api, org));
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<string>();
  const rotate = useRotateKey(org);
  return (
    <SettingsCard
      id="api-key"
      title="Organization API key"
      lead="Pipelines, scripts and the API's x-api-key header use this key. It is stored only as a hash: CloudAct cannot show it again."
      action={
        <RequireRole min="owner">
          {(disabled) => (
            <Button
              size="sm"
              variant="secondary"
              disabled={disabled}
              onClick={() => {
                rotate.reset();
                setConfirming(true);
              }}
            >
              <KeyRound aria-hidden="true" className="size-4" />
              Rotate key
            </Button>
          )}
        </RequireRole>
      }
    >
      <Loaded query={profile} what="key" lines={1}>
        {(p) =>
          p.api_key_fingerprint ? (
            <p className="text-sm">
              Current key fingerprint:{' '}
              <code data-testid="key-fingerprint" className="rounded bg-surface-2 px-1.5 py-0.5 text-xs">
                {p.api_key_fingerprint}
              </code>
            </p>
          ) : (
            <p className="text-sm text-muted">This organization has no API key: rotate to issue one.</p>
          )
        }
      </Loaded>
      <Alert title="Rotating stops the current key at once">
        <p>
          Every request with the current key is refused (401) from the moment a new one is issued. Put the new
          key everywhere the old one is used right after rotating.
        </p>
      </Alert>
      {confirming ? (
        <RotateKeyDialog
          rotate={rotate}
          onCancel={() => setConfirming(false)}
          onRotated={(key) => {
            setConfirming(false);
            setIssued(key);
          }}
        />
      ) : null}
      {issued ? <ApiKeyDialog apiKey={issued} onDone={() => setIssued(undefined)} /> : null}
    </SettingsCard>
  );
}
