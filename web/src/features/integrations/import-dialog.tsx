import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { GENAI_PROVIDERS, type GenAiProvider } from '../../../../shared/contracts/providers.js';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria } from '../../components/ui/input.js';
import { formatUtcDay } from '../../lib/day-format.js';
import {
  MAX_IMPORT_ROWS,
  previewUsageFile,
  rowProblems,
  type Integration,
  type ProviderInfo,
  type UsagePreview,
} from './model.js';
import { refreshAfterWrite } from './queries.js';

const isGenAi = (id: string): id is GenAiProvider => (GENAI_PROVIDERS as readonly string[]).includes(id);

/** The import call for one credential; a success refreshes the integrations and the costs. */
function useUsageImport(org: string, credential: Integration) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (preview: UsagePreview & { provider: GenAiProvider }) =>
      (
        await api.POST('/api/v1/genai/{org}/usage/import', {
          params: { path: { org } },
          body: {
            provider: preview.provider,
            credential_id: credential.credential_id,
            ...preview.body,
          },
        })
      ).data!,
    onSuccess: () => refreshAfterWrite(queryClient, org, true),
  });
}

type ImportMutation = ReturnType<typeof useUsageImport>;
type ChosenFile = { name: string; preview?: UsagePreview; error?: string };

/**
 * GenAI usage import for one credential: a CSV (header row) or JSON rows file, read in the browser for a preview of
 * its first rows (and refused there when too large), then sent whole; a refused file lists the API's row-by-row
 * problems (nothing is imported).
 */
export function ImportDialog(props: {
  org: string;
  info: ProviderInfo;
  credential: Integration;
  onClose: () => void;
}) {
  const [file, setFile] = useState<ChosenFile>();
  const provider = props.info.id;
  const send = useUsageImport(props.org, props.credential);
  const read = async (f: File | undefined) => {
    send.reset();
    if (!f) return setFile(undefined);
    const r = previewUsageFile(f.name, await f.text());
    setFile(r.ok ? { name: f.name, preview: r.preview } : { name: f.name, error: r.error });
  };
  if (!isGenAi(provider)) return null;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Import ${props.info.name} usage`}
      description={`For "${props.credential.name}": a CSV with a header row (usage_date, model, input_tokens, output_tokens, and optionally cached_input_tokens, cache_write_tokens, reasoning_tokens, request_count, workspace_id, api_key_id, region, service_tier, is_batch) or JSON rows; at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows and 1 MiB. The file's date range replaces that range's earlier import.`}
    >
      <div className="space-y-4" data-testid="import-dialog">
        <div className="max-h-[60vh] space-y-4 overflow-y-auto pr-1">
          <Field id="usage-file" label="Usage file" error={file?.error}>
            <input
              {...fieldAria('usage-file', file?.error)}
              type="file"
              accept=".csv,.json,text/csv,application/json"
              className="block text-sm text-text file:mr-3 file:rounded-md file:border file:border-line file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:text-text"
              onChange={(e) => void read(e.target.files?.[0])}
            />
          </Field>
          {file?.preview ? <Preview name={file.name} preview={file.preview} /> : null}
          {send.data ? <ImportResult result={send.data} /> : null}
          {send.error ? <ImportError error={send.error} /> : null}
        </div>
        <ImportActions
          send={send}
          file={file}
          onClose={props.onClose}
          onImport={(preview) => send.mutate({ ...preview, provider })}
        />
      </div>
    </Dialog>
  );
}

function ImportResult({ result }: { result: NonNullable<ImportMutation['data']> }) {
  return (
    <div data-testid="import-result">
      <Alert title={`Imported ${result.rows.toLocaleString('en-US')} rows`}>
        <p>
          {formatUtcDay(result.start_date)} to {formatUtcDay(result.end_date)} ({result.days} days). Run the
          provider&apos;s usage pipeline for that range to price it.
        </p>
      </Alert>
    </div>
  );
}

/** A refused import: the API's message and, for a 400, the refused rows. */
function ImportError({ error }: { error: unknown }) {
  const problems = error instanceof ApiError ? rowProblems(error.details) : [];
  return (
    <div data-testid="import-error" className="space-y-2">
      <ErrorAlert error={error} title="Nothing was imported" />
      {problems.length ? (
        // Focusable, so the rows past its height can be scrolled from the keyboard too.
        <div
          className="max-h-48 overflow-y-auto rounded-md border border-line"
          tabIndex={0}
          role="region"
          aria-label="Rows the API refused"
        >
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Rows the API refused</caption>
            <thead className="bg-surface-2">
              <tr>
                <th scope="col" className="px-2 py-1">
                  Row
                </th>
                <th scope="col" className="px-2 py-1">
                  Column
                </th>
                <th scope="col" className="px-2 py-1">
                  Problem
                </th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i} className="border-t border-line">
                  <td className="px-2 py-1 tabular-nums">{p.row || '—'}</td>
                  <td className="px-2 py-1 font-mono">{p.path}</td>
                  <td className="px-2 py-1">{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function ImportActions(props: {
  send: ImportMutation;
  file: ChosenFile | undefined;
  onClose: () => void;
  onImport: (preview: UsagePreview) => void;
}) {
  const { send, file } = props;
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={props.onClose}>
        {send.data ? 'Done' : 'Cancel'}
      </Button>
      {send.data ? null : (
        <Button
          disabled={!file?.preview || send.isPending}
          onClick={() => file?.preview && props.onImport(file.preview)}
        >
          {send.isPending
            ? 'Importing…'
            : file?.preview
              ? `Import ${file.preview.total.toLocaleString('en-US')} rows`
              : 'Import'}
        </Button>
      )}
    </div>
  );
}

function Preview({ name, preview }: { name: string; preview: UsagePreview }) {
  return (
    <div className="space-y-1" data-testid="import-preview">
      <p className="text-xs text-muted">
        {name}: {preview.total.toLocaleString('en-US')} rows
        {preview.total > preview.rows.length ? `, the first ${preview.rows.length} shown` : ''}.
      </p>
      <div
        className="overflow-x-auto rounded-md border border-line"
        tabIndex={0}
        role="region"
        aria-label="The file's first rows"
      >
        <table className="w-full text-left text-xs">
          <caption className="sr-only">The file&apos;s first rows</caption>
          <thead className="bg-surface-2">
            <tr>
              {preview.columns.map((c) => (
                <th key={c} scope="col" className="px-2 py-1 font-mono whitespace-nowrap">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i} className="border-t border-line">
                {preview.columns.map((c, j) => (
                  <td key={c} className="px-2 py-1 whitespace-nowrap tabular-nums">
                    {r[j] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
