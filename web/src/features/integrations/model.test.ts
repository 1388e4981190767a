import { describe, expect, it } from 'vitest';
import { describeProvider } from '../../../../shared/contracts/provider-schemas.js';
import {
  buildSetupBody,
  configSummary,
  fieldErrorsOf,
  csvRecords,
  freshnessOf,
  parseKeyValueLines,
  pipelinesOf,
  previewUsageFile,
  rowProblems,
  type FreshnessItem,
} from './model.js';

describe('buildSetupBody', () => {
  it('sends an API key as the credential string, trimmed, and leaves empty optional config out', () => {
    const r = buildSetupBody(describeProvider('openai'), {
      'credential.credential': '  sk-admin-abc12345  ',
      'config.organization_id': '',
    });
    expect(r).toEqual({ ok: true, body: { credential: 'sk-admin-abc12345', config: {} } });
  });

  it('names every missing required field by its title', () => {
    const r = buildSetupBody(describeProvider('aws'), { 'credential.access_key_id': 'AKIAXXXXXXXXXXXXXXXX' });
    expect(r).toEqual({
      ok: false,
      errors: {
        'credential.secret_access_key': 'Secret access key is required.',
        'config.export_bucket': 'Export bucket is required.',
      },
    });
  });

  it('builds an object credential from its fields, keeping a PEM key byte for byte', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';
    const r = buildSetupBody(describeProvider('oci'), {
      'credential.tenancy_ocid': 'ocid1.tenancy.oc1..aaaa',
      'credential.user_ocid': 'ocid1.user.oc1..aaaa',
      'credential.fingerprint': '12:34:56:78:90:ab:cd:ef:12:34:56:78:90:ab:cd:ef',
      'credential.private_key': pem,
      'credential.region': ' us-ashburn-1 ',
    });
    expect(r.ok && r.body.credential).toEqual({
      tenancy_ocid: 'ocid1.tenancy.oc1..aaaa',
      user_ocid: 'ocid1.user.oc1..aaaa',
      fingerprint: '12:34:56:78:90:ab:cd:ef:12:34:56:78:90:ab:cd:ef',
      private_key: pem,
      region: 'us-ashburn-1',
    });
  });

  it('parses a service-account key file as JSON, and refuses one that is not an object', () => {
    const info = describeProvider('gcp');
    const config = { 'config.billing_export_table': 'proj-123.billing.export' };
    const ok = buildSetupBody(info, { ...config, 'credential.credential': '{"type":"service_account"}' });
    expect(ok).toEqual({
      ok: true,
      body: {
        credential: { type: 'service_account' },
        config: { billing_export_table: 'proj-123.billing.export' },
      },
    });
    for (const bad of ['{not json', '[1,2]', '"text"']) {
      expect(buildSetupBody(info, { ...config, 'credential.credential': bad })).toEqual({
        ok: false,
        errors: { 'credential.credential': 'The key file is not a JSON object.' },
      });
    }
  });

  it('reads key-value lines into an object (Azure OpenAI deployments)', () => {
    const info = describeProvider('azure_openai');
    const base = { 'credential.credential': 'key-12345678', 'config.endpoint': 'https://x.openai.azure.com' };
    const r = buildSetupBody(info, {
      ...base,
      'config.model_aliases': 'prod-chat = gpt-4o\n\nmini=gpt-4o-mini\n',
    });
    expect(r.ok && r.body.config).toEqual({
      endpoint: 'https://x.openai.azure.com',
      model_aliases: { 'prod-chat': 'gpt-4o', mini: 'gpt-4o-mini' },
    });
    expect(buildSetupBody(info, { ...base, 'config.model_aliases': 'prod-chat' })).toEqual({
      ok: false,
      errors: { 'config.model_aliases': 'Line 1: write name=value.' },
    });
  });
});

describe('parseKeyValueLines', () => {
  it('refuses a line with an empty name or value', () => {
    expect(parseKeyValueLines('=x').ok).toBe(false);
    expect(parseKeyValueLines('a=').ok).toBe(false);
    expect(parseKeyValueLines('a=b=c')).toEqual({ ok: true, value: { a: 'b=c' } });
  });
});

describe('configSummary', () => {
  it('lists the set config fields by title, objects as name=value', () => {
    expect(
      configSummary(describeProvider('azure_openai'), {
        endpoint: 'https://x.openai.azure.com',
        api_version: '2024-10-21',
        model_aliases: { a: 'gpt-4o' },
      }),
    ).toEqual([
      { name: 'endpoint', title: 'Endpoint', text: 'https://x.openai.azure.com' },
      { name: 'api_version', title: 'API version', text: '2024-10-21' },
      { name: 'model_aliases', title: 'Deployment → model', text: 'a=gpt-4o' },
    ]);
  });
});

describe('freshnessOf', () => {
  const item = (over: Partial<FreshnessItem>): FreshnessItem => ({
    provider: 'openai',
    credential_id: 'c1',
    credential_name: 'Main',
    pipeline_id: 'openai/genai/usage',
    data_through: null,
    last_run: null,
    ...over,
  });
  it("takes the latest day over the credential's pipelines and its latest run", () => {
    const run = (id: string, started: string) => ({
      run_id: id,
      status: 'COMPLETED' as const,
      started_at: started,
      finished_at: started,
    });
    const items = [
      item({ data_through: '2026-10-03', last_run: run('r1', '2026-10-04T01:00:00Z') }),
      item({
        pipeline_id: 'openai/genai/costs',
        data_through: '2026-10-05',
        last_run: run('r2', '2026-10-06T01:00:00Z'),
      }),
      item({ credential_id: 'c2', data_through: '2026-12-01' }),
    ];
    const f = freshnessOf(items, 'c1');
    expect(f.dataThrough).toBe('2026-10-05');
    expect(f.lastRun?.run_id).toBe('r2');
    expect(freshnessOf(items, 'c3')).toEqual({ dataThrough: null, lastRun: null });
  });
});

describe('pipelinesOf', () => {
  it("names the provider's scheduled pipelines", () => {
    const p = (pipeline_id: string, requires_integration: string | null, daily: boolean) => ({
      pipeline_id,
      description: '',
      requires_integration,
      daily,
      steps: [],
    });
    expect(
      pipelinesOf(
        [
          p('openai/genai/usage', 'openai', true),
          p('openai/genai/backfill', 'openai', false),
          p('aws/cost/billing', 'aws', true),
        ],
        'openai',
      ),
    ).toEqual({ scheduled: ['openai/genai/usage'], all: ['openai/genai/usage', 'openai/genai/backfill'] });
  });
});

describe('usage file preview', () => {
  it('reads RFC 4180 CSV (quoted commas, quotes, CRLF, BOM)', () => {
    expect(csvRecords('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n1,2')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', '2'],
    ]);
  });

  it('previews the first rows of a CSV and sends the text as it is', () => {
    const text =
      'usage_date,model,input_tokens,output_tokens\n' +
      Array.from({ length: 8 }, (_, i) => `2026-10-0${i + 1},deepseek-chat,${i}00,${i}0`).join('\n');
    const r = previewUsageFile('usage.csv', text, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preview.columns).toEqual(['usage_date', 'model', 'input_tokens', 'output_tokens']);
    expect(r.preview.rows).toEqual([
      ['2026-10-01', 'deepseek-chat', '000', '00'],
      ['2026-10-02', 'deepseek-chat', '100', '10'],
      ['2026-10-03', 'deepseek-chat', '200', '20'],
    ]);
    expect(r.preview.total).toBe(8);
    expect(r.preview.body).toEqual({ csv: text });
  });

  it('previews JSON rows (an array or {rows}) and sends them as rows', () => {
    const rows = [
      { usage_date: '2026-10-01', model: 'm', input_tokens: 1, output_tokens: 2, is_batch: true },
    ];
    for (const text of [JSON.stringify(rows), JSON.stringify({ rows })]) {
      const r = previewUsageFile('usage.json', text);
      expect(r.ok && r.preview).toEqual({
        columns: ['usage_date', 'model', 'input_tokens', 'output_tokens', 'is_batch'],
        rows: [['2026-10-01', 'm', '1', '2', 'true']],
        total: 1,
        body: { rows },
      });
    }
  });

  it('refuses what the API would refuse: empty, no rows, bad JSON, too large', () => {
    expect(previewUsageFile('a.csv', '')).toEqual({ ok: false, error: 'The file is empty.' });
    expect(previewUsageFile('a.csv', 'usage_date,model\n')).toEqual({
      ok: false,
      error: 'The file has a header row but no rows.',
    });
    expect(previewUsageFile('a.json', '[1]')).toEqual({
      ok: false,
      error: 'The JSON must be an array of row objects.',
    });
    expect(previewUsageFile('a.json', '{x').ok).toBe(false);
    const big = 'a,b\n' + 'x,y\n'.repeat(300_000);
    const r = previewUsageFile('a.csv', big);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/at most 1 MiB/);
  });
});

describe('rowProblems', () => {
  it("keeps the API's {row, path, message} details and drops anything else", () => {
    expect(
      rowProblems([
        { row: 2, path: 'input_tokens', message: 'required: a whole number' },
        { field: 'body.csv', message: 'x' },
        null,
      ]),
    ).toEqual([{ row: 2, path: 'input_tokens', message: 'required: a whole number' }]);
    expect(rowProblems(undefined)).toEqual([]);
  });
});

describe('fieldErrorsOf', () => {
  it("puts a 400's field details on the form's fields", () => {
    const details = [
      { field: 'body.credential.client_id', message: 'client_id must be a GUID' },
      { field: 'body.config.container', message: 'container must be an Azure container name' },
      { field: 'body.config.unknown', message: 'x' },
    ];
    expect(fieldErrorsOf(describeProvider('azure'), details)).toEqual({
      'credential.client_id': 'client_id must be a GUID',
      'config.container': 'container must be an Azure container name',
    });
    expect(
      fieldErrorsOf(describeProvider('gcp'), [
        { field: 'body.credential.private_key', message: 'must be a PEM' },
      ]),
    ).toEqual({ 'credential.credential': 'private_key: must be a PEM' });
    expect(
      fieldErrorsOf(describeProvider('openai'), [
        { field: 'body.credential', message: 'API key is too short' },
      ]),
    ).toEqual({
      'credential.credential': 'API key is too short',
    });
  });
});
