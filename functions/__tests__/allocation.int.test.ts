/**
 * Allocation of FOCUS rows to the org hierarchy, end to end: an org with a department > project > team hierarchy and
 * rules of every kind (credential, cloud account, tag, GenAI workspace and API key, SaaS plan) runs real pipelines
 * (aws/cost/billing on the anonymized CUR, deepseek and azure_openai imports, saas/subscription/costs with a plan
 * that names its own entity); every FOCUS row carries the right entity, path and names, unallocated rows carry NULLs,
 * totals equal the source exactly; a rule change re-allocates history through hierarchy/cost/reallocate (scheduled:
 * only when something changed, every run date; manual: the run's dates) changing nothing but the five columns; re-runs
 * are idempotent; one org's rules never touch another org's rows.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { sample } from '../../shared/testing/samples.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { loadAllocationSnapshot } from '../../shared/hierarchy/rules.js';
import { loadCatalog } from '../../shared/pipelines/catalog.js';
import { runScheduledPipelines } from '../../shared/pipelines/scheduled.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys } from '../../shared/testing/provider-credentials.js';
import { allocationPass, HIERARCHY_FIELDS as HIERARCHY } from '../../shared/steps/allocation-pass.js';
import { stepTypes } from '../registry.js';
import { apiKey, focusTotalsByDay, runPipelineToCompletion } from './helpers.js';

const ANON = sample('focus-converters', 'sample-anonymous-aws-export-dataset.csv');
const ACCOUNT = '123412340534';

let p: TestPlatform;
let fake: FakeProviders;
let exportsDir: string;
usePlatform((f) => ({ p, fake, exportsDir } = f));

type Row = Record<string, unknown>;

async function call(org: Org, method: string, path: string, json?: unknown) {
  const res = await p.request(path, { method, headers: apiKey(org.api_key), ...(json ? { json } : {}) });
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  return (text ? JSON.parse(text) : null) as Record<string, unknown>;
}
const entity = async (org: Org, name: string, level_code: string, parent_id?: string) =>
  String(
    (
      await call(org, 'POST', `/api/v1/hierarchy/${org.org_slug}/entities`, {
        name,
        level_code,
        ...(parent_id ? { parent_id } : {}),
      })
    ).entity_id,
  );
const rule = async (org: Org, entity_id: string, match: Record<string, unknown>, priority = 100) =>
  String(
    (
      await call(org, 'POST', `/api/v1/hierarchy/${org.org_slug}/allocation-rules`, {
        entity_id,
        match,
        priority,
      })
    ).rule_id,
  );

/** The anonymized CUR with days 1-3 moved to a payer and account no rule knows and day 4 tagged team=data. */
function writeCur(dir: string) {
  const rows = parse(readFileSync(ANON), { columns: true, relax_column_count: true }) as Row[];
  for (const r of rows) {
    const day = String(r['lineItem/UsageStartDate']).slice(0, 10);
    if (day <= '2023-11-03') {
      r['lineItem/UsageAccountId'] = '999999999999';
      r['bill/PayerAccountId'] = '999999999999';
    }
    r['resourceTags/user:team'] = day === '2023-11-04' ? 'data' : '';
  }
  const header = Object.keys(rows[0]!);
  const cell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const csv = [header, ...rows.map((r) => header.map((h) => r[h]))]
    .map((l) => l.map(cell).join(','))
    .join('\n');
  writeFileSync(join(dir, 'export-00001.csv'), `${csv}\n`);
  return rows;
}

async function awsIntegration(org: Org) {
  const aws = testAwsKeys();
  fake.setValid('aws', [{ ...aws.fake, access: ['alloc-bucket'] }] as never);
  const res = await call(org, 'POST', `/api/v1/integrations/${org.org_slug}/aws/setup`, {
    credential: aws.credential,
    config: { export_bucket: 'alloc-bucket', export_prefix: `${org.org_slug}/`, region: 'us-east-1' },
  });
  const dir = join(exportsDir, 'aws', 'alloc-bucket', `${org.org_slug}/`);
  mkdirSync(dir, { recursive: true });
  return { credential_id: String(res.credential_id), dir };
}

async function focusRows(org: Org): Promise<Row[]> {
  const wh = await p.ctx.warehouse();
  return wh.query(
    // The ingestion time as text too: a rewrite keeps it to the microsecond (the port reads TIMESTAMPs to the ms).
    `SELECT *, CAST(x_ingested_at AS STRING) AS ingested_text
     FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} ORDER BY ALL`,
  );
}
const withoutHierarchy = (rows: Row[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('x_hierarchy_'))));
const hierarchyOf = (r: Row) => Object.fromEntries(HIERARCHY.map((k) => [k, r[k] ?? null]));

/** Σ BilledCost per allocated entity id ('-' = unallocated) of one pipeline, exact. */
function billedByEntity(rows: Row[], pipeline: string) {
  const out: Record<string, Decimal> = {};
  for (const r of rows.filter((x) => x.x_pipeline_id === pipeline)) {
    const k = (r.x_hierarchy_entity_id as string | null) ?? '-';
    out[k] = (out[k] ?? new Decimal(0)).plus(String(r.BilledCost));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.toFixed()]));
}

async function lastStepLog(runId: string, stepId: string) {
  const { rows } = await (
    await p.ctx.db()
  ).query<{ message: string; fields: Record<string, unknown> }>(
    'SELECT message, fields FROM pipeline_step_logs WHERE run_id = $1 AND step_id = $2 ORDER BY created_at DESC LIMIT 1',
    [runId, stepId],
  );
  return rows[0]!;
}

const reallocate = loadCatalog('pipelines', stepTypes).pipelines.get('hierarchy/cost/reallocate')!;

async function scheduledReallocation(org: Org, at: string) {
  const report = await runScheduledPipelines(p.ctx, [reallocate], new Date(at));
  await p.bus.drain();
  expect(report.triggered.filter((k) => k.startsWith(`${org.org_slug}:`))).toHaveLength(1);
  const { rows } = await (
    await p.ctx.db()
  ).query<{ run_id: string; status: string }>(
    `SELECT run_id::text AS run_id, status FROM pipeline_runs
     WHERE org_slug = $1 AND pipeline_id = 'hierarchy/cost/reallocate' ORDER BY created_at DESC LIMIT 1`,
    [org.org_slug],
  );
  expect(rows[0]!.status).toBe('COMPLETED');
  return rows[0]!.run_id;
}

describe.skipIf(!existsSync(ANON))('hierarchy allocation in pipelines', () => {
  it('allocates every flow by its rules, re-allocates history on a rule change, and never crosses orgs', async () => {
    const org = await p.onboard();
    const other = await p.onboard();

    // Hierarchy: Engineering > Platform > {DevOps, Data}; Research > Models > Bots.
    const eng = await entity(org, 'Engineering', 'department');
    const platform = await entity(org, 'Platform', 'project', eng);
    const devops = await entity(org, 'DevOps', 'team', platform);
    const data = await entity(org, 'Data', 'team', platform);
    const research = await entity(org, 'Research', 'department');
    const models = await entity(org, 'Models', 'project', research);
    const bots = await entity(org, 'Bots', 'team', models);

    // Cloud: the account to DevOps, tag team=data (higher priority) to Data.
    const aws = await awsIntegration(org);
    const curRows = writeCur(aws.dir);
    const accountRule = await rule(org, devops, {
      kind: 'cloud_account',
      account_id: ACCOUNT,
      provider: 'aws',
    });
    await rule(org, data, { kind: 'tag', key: 'user:team', value: 'data' }, 200);

    // GenAI: DeepSeek by credential to Models; Azure OpenAI workspace to Research, one API key (higher) to Bots.
    fake.setValid('deepseek', ['sk-deepseek-alloc-0001']);
    const deepseek = await call(org, 'POST', `/api/v1/integrations/${org.org_slug}/deepseek/setup`, {
      credential: 'sk-deepseek-alloc-0001',
    });
    await rule(org, models, { kind: 'credential', credential_id: String(deepseek.credential_id) });
    await call(org, 'POST', `/api/v1/genai/${org.org_slug}/usage/import`, {
      provider: 'deepseek',
      credential_id: deepseek.credential_id,
      csv: 'usage_date,model,input_tokens,output_tokens\n2026-09-01,deepseek-chat,1000000,200000\n',
    });
    fake.setValid('azure_openai', ['azure-openai-key-alloc-0001']);
    const azure = await call(org, 'POST', `/api/v1/integrations/${org.org_slug}/azure_openai/setup`, {
      credential: 'azure-openai-key-alloc-0001',
      config: { endpoint: fake.urls.azureOpenAI, model_aliases: { chat: 'gpt-4o-2024-08-06' } },
    });
    await rule(org, research, { kind: 'genai_dimension', dimension: 'workspace', value: 'ws-research' });
    await rule(org, bots, { kind: 'genai_dimension', dimension: 'api_key', value: 'key-bot' }, 300);
    const usage = (workspace_id: string, api_key_id: string, input_tokens: number) => ({
      usage_date: '2026-09-05',
      model: 'chat',
      input_tokens,
      output_tokens: 1000,
      workspace_id,
      api_key_id,
    });
    await call(org, 'POST', `/api/v1/genai/${org.org_slug}/usage/import`, {
      provider: 'azure_openai',
      credential_id: azure.credential_id,
      rows: [
        usage('ws-research', 'key-analyst', 100_000),
        usage('ws-research', 'key-bot', 200_000),
        usage('ws-other', 'key-other', 300_000),
      ],
    });

    // SaaS: slack by rule to Engineering; github names Data itself (a higher-priority github rule does not override
    // it); notion has neither.
    const plan = (provider: string, body: Record<string, unknown>) =>
      call(org, 'POST', `/api/v1/subscriptions/${org.org_slug}/providers/${provider}/plans`, {
        pricing_model: 'FLAT_FEE',
        billing_cycle: 'monthly',
        start_date: '2026-01-01',
        ...body,
      });
    await plan('slack', { plan_name: 'pro', unit_price: '310' });
    const github = await plan('github', { plan_name: 'team', unit_price: '62', hierarchy_entity_id: data });
    await plan('notion', { plan_name: 'plus', unit_price: '31' });
    await rule(org, eng, { kind: 'saas_plan', provider: 'slack' });
    await rule(org, research, { kind: 'saas_plan', provider: 'github' }, 1000);

    // The other org: the same account, its own hierarchy and rule.
    const otherAws = await awsIntegration(other);
    writeCur(otherAws.dir);
    const otherTeam = await entity(other, 'Elsewhere', 'department');
    await rule(other, otherTeam, { kind: 'tag', key: 'user:team', value: 'data' });

    const awsRun = await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    await runPipelineToCompletion(p, org, 'deepseek/genai/usage', '2026-09-01', '2026-09-01');
    await runPipelineToCompletion(p, org, 'azure_openai/genai/usage', '2026-09-05', '2026-09-05');
    await runPipelineToCompletion(p, org, 'saas/subscription/costs', '2026-01-01', '2026-01-31');
    await runPipelineToCompletion(p, other, 'aws/cost/billing', '2023-11-01', '2023-11-30');

    const rows = await focusRows(org);
    const fieldsOf = async (id: string) => {
      const e = await call(org, 'GET', `/api/v1/hierarchy/${org.org_slug}/entities/${id}`);
      return {
        x_hierarchy_entity_id: id,
        x_hierarchy_entity_name: e.name,
        x_hierarchy_level_code: e.level_code,
        x_hierarchy_path: e.path,
        x_hierarchy_path_names: e.path_names,
      };
    };
    const none = Object.fromEntries(HIERARCHY.map((k) => [k, null]));
    expect(await fieldsOf(devops)).toEqual(
      expect.objectContaining({
        x_hierarchy_level_code: 'team',
        x_hierarchy_path: `/${eng}/${platform}/${devops}`,
        x_hierarchy_path_names: '/Engineering/Platform/DevOps',
      }),
    );

    // Cloud rows: by day, as the CUR was written.
    const awsRows = rows.filter((r) => r.x_pipeline_id === 'aws/cost/billing');
    expect(awsRows).toHaveLength(curRows.length);
    const day = (r: Row) => String(r.ChargePeriodStart).slice(0, 10);
    for (const r of awsRows) {
      const want = day(r) <= '2023-11-03' ? none : await fieldsOf(day(r) === '2023-11-04' ? data : devops);
      expect(hierarchyOf(r), `${day(r)} ${String(r.SubAccountId)}`).toEqual(want);
    }
    // GenAI rows.
    const genai = rows.filter((r) => r.x_cost_type === 'genai');
    expect(genai.filter((r) => r.x_genai_provider === 'deepseek').map(hierarchyOf)).toEqual(
      Array(genai.filter((r) => r.x_genai_provider === 'deepseek').length).fill(await fieldsOf(models)),
    );
    const azureBy = (key: string) =>
      genai.filter((r) => r.x_genai_provider === 'azure_openai' && r.ResourceId === key).map(hierarchyOf);
    expect(new Set(azureBy('key-analyst').map((h) => h.x_hierarchy_entity_id))).toEqual(new Set([research]));
    expect(new Set(azureBy('key-bot').map((h) => h.x_hierarchy_entity_id))).toEqual(new Set([bots]));
    expect(azureBy('key-other').every((h) => JSON.stringify(h) === JSON.stringify(none))).toBe(true);
    expect(
      azureBy('key-analyst').length && azureBy('key-bot').length && azureBy('key-other').length,
    ).toBeTruthy();
    // SaaS rows.
    const saas = (provider: string) =>
      new Set(
        rows
          .filter((r) => String(r.SkuId).startsWith(`saas/${provider}/`))
          .map((r) => r.x_hierarchy_path_names),
      );
    expect(saas('slack')).toEqual(new Set(['/Engineering']));
    expect(saas('github')).toEqual(new Set(['/Engineering/Platform/Data']));
    expect(saas('notion')).toEqual(new Set([null]));

    // Totals are the export's, exactly; the step logged what went where.
    const source = new Map<string, Decimal>();
    for (const r of curRows) {
      const k = `${String(r['lineItem/UsageStartDate']).slice(0, 10)}|${String(r['lineItem/CurrencyCode'] || 'USD')}`;
      source.set(k, (source.get(k) ?? new Decimal(0)).plus(String(r['lineItem/UnblendedCost'])));
    }
    const expected = Object.fromEntries([...source].sort().map(([k, v]) => [k, v.toFixed()]));
    expect(await focusTotalsByDay(p, org, 'BilledCost', 'aws/cost/billing')).toEqual(expected);
    const log = await lastStepLog(awsRun, 'allocate');
    const byEntity = billedByEntity(rows, 'aws/cost/billing');
    expect(log.fields.unallocated).toEqual(
      expect.objectContaining({ rows: awsRows.filter((r) => r.x_hierarchy_entity_id === null).length }),
    );
    expect(
      new Decimal(
        String((log.fields.unallocated as { billed_cost: { USD: string } }).billed_cost.USD),
      ).toFixed(),
    ).toBe(byEntity['-']);
    expect(Object.keys(log.fields.allocated as object).sort()).toEqual([data, devops].sort());

    // Cross-org: the other org's rows carry only its own entity, by its own rule.
    const otherRows = await focusRows(other);
    expect(new Set(otherRows.map((r) => r.x_hierarchy_path_names))).toEqual(new Set(['/Elsewhere', null]));
    expect(otherRows.filter((r) => r.x_hierarchy_path_names === '/Elsewhere').length).toBe(
      awsRows.filter((r) => r.x_hierarchy_entity_id === data).length,
    );

    // A re-run is idempotent: the same rows, allocated the same way.
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2023-11-01', '2023-11-30');
    const rerun = await focusRows(org);
    expect(rerun.map(hierarchyOf)).toEqual(rows.map(hierarchyOf));
    expect(rerun.length).toBe(rows.length);

    // A rule change, then the scheduled re-allocation: every run date of the org, only the five columns change.
    const before = await focusRows(org);
    await call(org, 'PUT', `/api/v1/hierarchy/${org.org_slug}/allocation-rules/${accountRule}`, {
      entity_id: platform,
    });
    const otherBefore = await focusRows(other);
    const runId = await scheduledReallocation(org, '2026-11-02T06:00:00Z');
    const after = await focusRows(org);
    expect(withoutHierarchy(after)).toEqual(withoutHierarchy(before));
    const changed = after.filter((r, i) => r.x_hierarchy_entity_id !== before[i]!.x_hierarchy_entity_id);
    expect(changed.length).toBe(before.filter((r) => r.x_hierarchy_entity_id === devops).length);
    expect(new Set(changed.map((r) => r.x_hierarchy_path_names))).toEqual(new Set(['/Engineering/Platform']));
    expect(await focusTotalsByDay(p, org, 'BilledCost', 'aws/cost/billing')).toEqual(expected);
    const realloc = await lastStepLog(runId, 'reallocate');
    expect(realloc.fields).toEqual(
      expect.objectContaining({ dates: 'all', marker_advanced: true, rows: after.length }),
    );
    expect(realloc.fields.rows_rewritten).toBe(awsRows.length); // only the aws slice changed
    // The other org: its own scheduled run (its rules were written too) found its rows allocated already.
    expect(await focusRows(other)).toEqual(otherBefore);

    // Nothing changed since: the next scheduled run writes nothing.
    const idle = await scheduledReallocation(org, '2026-11-03T06:00:00Z');
    expect((await lastStepLog(idle, 'reallocate')).message).toBe(
      'hierarchy unchanged since the last re-allocation',
    );
    expect(await focusRows(org)).toEqual(after);

    // A manual re-allocation covers its dates only: disable the tag rule, re-allocate November 2023.
    const tagRule = (
      (await call(org, 'GET', `/api/v1/hierarchy/${org.org_slug}/allocation-rules?kind=tag`)).items as {
        rule_id: string;
      }[]
    )[0]!.rule_id;
    await call(org, 'PUT', `/api/v1/hierarchy/${org.org_slug}/allocation-rules/${tagRule}`, {
      enabled: false,
    });
    await runPipelineToCompletion(p, org, 'hierarchy/cost/reallocate', '2023-11-01', '2023-11-30');
    const manual = await focusRows(org);
    expect(withoutHierarchy(manual)).toEqual(withoutHierarchy(before));
    expect(
      new Set(
        manual.filter((r) => r.x_pipeline_id === 'aws/cost/billing').map((r) => r.x_hierarchy_entity_id),
      ),
    ).toEqual(new Set([platform, null]));
    expect(manual.filter((r) => r.x_pipeline_id !== 'aws/cost/billing')).toEqual(
      after.filter((r) => r.x_pipeline_id !== 'aws/cost/billing'),
    );
    expect(await focusRows(other)).toEqual(otherBefore);

    // Small batches (whole run dates, a few rows each) give the same rows as one batch: the tag rule back on
    // restores exactly what the scheduled re-allocation wrote.
    await call(org, 'PUT', `/api/v1/hierarchy/${org.org_slug}/allocation-rules/${tagRule}`, {
      enabled: true,
    });
    const wh = await p.ctx.warehouse();
    const pass = await allocationPass(
      wh,
      `${org.org_slug}_test`,
      costDataStandard13,
      { org: org.org_slug },
      await loadAllocationSnapshot(p.ctx, org.org_slug),
      { maxRows: 100, planEntities: new Map([[String(github.plan_id), data]]) },
    );
    // Only the tagged day's aws slice changed, and only it is written; every other batch is read and left alone.
    expect(pass.slices_rewritten).toBe(1);
    expect(pass.rows_rewritten).toBe(awsRows.filter((r) => day(r) === '2023-11-04').length);
    expect(pass.slices_unchanged).toBeGreaterThan(10);
    const restored = await focusRows(org);
    expect(restored).toEqual(after);

    // A slice whose pipeline has a run in flight is left to that run; the marker stays behind until it is done.
    await call(org, 'PUT', `/api/v1/hierarchy/${org.org_slug}/allocation-rules/${accountRule}`, {
      entity_id: devops,
    });
    const db = await p.ctx.db();
    const inFlight = '00000000-0000-4000-8000-00000000a110';
    await db.query(
      `INSERT INTO pipeline_runs (run_id, org_slug, pipeline_id, status, trigger, start_date, end_date, credential_id)
       VALUES ($1, $2, 'aws/cost/billing', 'RUNNING', 'manual', '2023-11-10', '2023-11-10', $3)`,
      [inFlight, org.org_slug, aws.credential_id],
    );
    const held = await lastStepLog(await scheduledReallocation(org, '2026-11-04T06:00:00Z'), 'reallocate');
    expect(held.fields.marker_advanced).toBe(false);
    const heldDays = (held.fields.skipped as { from: string; to: string }[]).map((x) => `${x.from}..${x.to}`);
    expect(heldDays).toEqual(['2023-11-10..2023-11-10']);
    const teamOf = async () =>
      Object.fromEntries(
        (await focusRows(org))
          .filter((r) => r.x_pipeline_id === 'aws/cost/billing' && r.x_hierarchy_entity_id !== null)
          .filter((r) => day(r) !== '2023-11-04')
          .map((r) => [day(r), r.x_hierarchy_entity_id]),
      );
    expect(await teamOf()).toEqual(expect.objectContaining({ '2023-11-09': devops, '2023-11-10': platform }));
    await db.query("UPDATE pipeline_runs SET status = 'FAILED' WHERE run_id = $1", [inFlight]);
    const done = await lastStepLog(await scheduledReallocation(org, '2026-11-05T06:00:00Z'), 'reallocate');
    expect(done.fields).toEqual(expect.objectContaining({ marker_advanced: true, slices_rewritten: 1 }));
    // One replace of the aws slice over the batch's dates (all of them fit one batch here).
    expect(done.fields.rows_rewritten).toBe(awsRows.length);
    expect(new Set(Object.values(await teamOf()))).toEqual(new Set([devops]));
  });
});
