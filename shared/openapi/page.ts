const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Op {
  operationId: string;
  summary: string;
  security: Record<string, unknown>[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { example?: unknown } } };
  'x-min-role'?: string;
}

/** A self-contained HTML reference (no external assets: it works offline and under a strict CSP). */
export function renderDocsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, Op>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const auth = op.security.length ? op.security.map((s) => Object.keys(s).join('')).join(', ') : 'public';
      const params = op.parameters
        .map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`)
        .join('<br>');
      const example = op.requestBody?.content['application/json'].example;
      return `<tr><td><code class="m ${method}">${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td>
        <td>${esc(op.summary)}${example === undefined ? '' : `<pre>${esc(JSON.stringify(example, null, 2))}</pre>`}</td>
        <td>${esc(auth)}${op['x-min-role'] ? `<br><small>role ≥ ${esc(op['x-min-role'])}</small>` : ''}</td><td>${params}</td></tr>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CloudAct API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#1f2937}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e5e7eb;padding:.5rem;text-align:left;vertical-align:top}pre{background:#f3f4f6;padding:.5rem}
.m{font-weight:700}.get{color:#047857}.post{color:#1d4ed8}.put{color:#b45309}.delete{color:#b91c1c}</style></head>
<body><h1>CloudAct API</h1><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Errors: <code>{"error":{"code","message","details?","request_id"}}</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Auth</th><th>Parameters</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
