import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CSV_COLUMNS } from '../../../../shared/contracts/hierarchy.js';
import type { Api } from '../../api/client.js';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Field, fieldAria } from '../../components/ui/input.js';
import { importProblems, PREVIEW_ROWS, previewCsv, type CsvPreview } from './model.js';
import { refreshHierarchy } from './queries.js';

/** The org's hierarchy as the API exports it (CSV text, parents before children). */
export async function exportCsv(api: Api, org: string): Promise<string> {
  return (
    (
      await api.GET('/api/v1/hierarchy/{org}/export', {
        params: { path: { org } },
        parseAs: 'text',
      })
    ).data ?? ''
  );
}

/** Saves text as a file through a temporary object URL. */
export function saveFile(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file's row count and its first rows as the API will number them (header = row 1). */
function CsvPreviewTable(props: { name: string; preview: CsvPreview }) {
  const { preview } = props;
  return (
    <div className="space-y-2">
      <p className="text-sm">
        <span className="font-medium">{props.name}</span>: {preview.rows.length} row
        {preview.rows.length === 1 ? '' : 's'}
        {preview.rows.length > PREVIEW_ROWS ? `, the first ${PREVIEW_ROWS} shown` : ''}.
      </p>
      {preview.problems.length ? (
        <Alert tone="error" title="The header does not fit">
          <p>{preview.problems.join('; ')}.</p>
        </Alert>
      ) : null}
      <div
        className="overflow-x-auto rounded-md border border-line"
        role="region"
        aria-label="The first rows of the file"
        tabIndex={0}
      >
        <table className="w-full text-xs" data-testid="import-preview">
          <caption className="sr-only">The first rows of the file</caption>
          <thead className="bg-surface-2 text-left">
            <tr>
              <th scope="col" className="px-2 py-1">
                Row
              </th>
              {preview.header.map((h) => (
                <th key={h} scope="col" className="px-2 py-1 font-mono">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.slice(0, PREVIEW_ROWS).map((r) => (
              <tr key={r.row} className="border-t border-line">
                <td className="px-2 py-1 tabular-nums">{r.row}</td>
                {preview.header.map((h) => (
                  <td key={h} className="px-2 py-1">
                    {r.cells[h]}
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

/** The API's refusal: its message and every bad row it lists (nothing was imported). */
function ImportRefusal({ error }: { error: unknown }) {
  const problems = error instanceof ApiError ? importProblems(error.details) : [];
  return (
    <div className="space-y-2" data-testid="import-problems">
      <ErrorAlert error={error} title="Nothing was imported" />
      {problems.length ? (
        <ul className="list-disc space-y-0.5 pl-5 text-sm">
          {problems.map((p, i) => (
            <li key={i}>
              Row {p.row}
              {p.entity_id ? ` (${p.entity_id})` : ''}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * CSV import: the file is read in the browser for a preview of its first rows, then sent whole. The API checks
 * every row first and applies all or none: a refused file lists each bad row (its line in the file, header = 1)
 * with the API's message, and nothing changes.
 */
export function ImportDialog(props: { org: string; onClose: () => void }) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string; preview?: CsvPreview; error?: string }>();
  const send = useMutation({
    mutationFn: async (csv: string) =>
      (
        await api.POST('/api/v1/hierarchy/{org}/import', {
          params: { path: { org: props.org } },
          body: { csv },
        })
      ).data!,
    onSuccess: () => refreshHierarchy(queryClient, props.org),
  });
  const read = async (f: File | undefined) => {
    send.reset();
    if (!f) return setFile(undefined);
    const text = await f.text();
    const p = previewCsv(text);
    setFile('error' in p ? { name: f.name, text, error: p.error } : { name: f.name, text, preview: p });
  };
  const preview = file?.preview;
  const result = send.data;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title="Import entities from CSV"
      description={`Header: ${CSV_COLUMNS.join(',')}. Rows create new entities or update existing ones by code; one bad row and nothing is imported.`}
    >
      <div className="max-h-[70vh] space-y-4 overflow-y-auto" data-testid="import-dialog">
        <Field id="import-file" label="CSV file" error={file?.error}>
          <input
            {...fieldAria('import-file', file?.error)}
            type="file"
            accept=".csv,text/csv"
            className="block w-full text-sm"
            onChange={(e) => void read(e.target.files?.[0])}
          />
        </Field>
        {preview ? <CsvPreviewTable name={file!.name} preview={preview} /> : null}
        {send.error ? <ImportRefusal error={send.error} /> : null}
        {result ? (
          <Alert title="Imported">
            <p data-testid="import-result">
              {result.created.length} created, {result.updated.length} updated, {result.unchanged} unchanged.
            </p>
          </Alert>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          {result ? null : (
            <Button
              disabled={!preview || preview.problems.length > 0 || send.isPending}
              onClick={() => file && send.mutate(file.text)}
            >
              {send.isPending ? 'Importing…' : `Import ${preview ? preview.rows.length : ''} rows`}
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
