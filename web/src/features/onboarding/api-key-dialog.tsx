import { useState } from 'react';
import { Copy, Check } from 'lucide-react';
import { Dialog } from '../../components/ui/dialog.js';
import { Button } from '../../components/ui/button.js';

/**
 * The org's API key, shown once: it lives only in this component's props (never in storage, the URL or the query
 * cache) and is gone when the dialog closes.
 */
export function ApiKeyDialog(props: { apiKey: string; busy?: boolean; onDone: () => void }) {
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(props.apiKey);
    setCopied(true);
  };
  return (
    <Dialog
      open
      modal
      title="Your organization's API key"
      description="Pipelines and scripts use this key. It is shown once: store it in your password manager or secret store now."
    >
      <div className="space-y-4">
        <div className="flex items-center gap-2">
          <code
            data-testid="api-key"
            className="min-w-0 flex-1 rounded-md border border-line bg-surface-2 px-3 py-2 text-xs break-all select-all"
          >
            {props.apiKey}
          </code>
          <Button variant="secondary" size="sm" onClick={() => void copy()} aria-label="Copy the API key">
            {copied ? (
              <Check aria-hidden="true" className="size-4" />
            ) : (
              <Copy aria-hidden="true" className="size-4" />
            )}
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={stored}
            onChange={(e) => setStored(e.target.checked)}
            className="size-4 accent-[var(--accent)]"
          />
          I have stored it
        </label>
        <div className="flex justify-end">
          <Button disabled={!stored || props.busy} onClick={props.onDone}>
            {props.busy ? 'Continuing…' : 'Continue'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
