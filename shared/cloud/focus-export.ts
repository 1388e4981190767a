/**
 * FOCUS exports (any provider, FOCUS 1.0 / 1.1 / 1.2 / 1.3) -> `cloud_focus_billing_raw_daily` rows, and FOCUS
 * 1.3 Contract Commitment files -> `cloud_focus_commitment_raw`. The AWS FOCUS export (Data Exports "FOCUS 1.0
 * with AWS columns"), the Azure FOCUS cost export, the GCP FOCUS BigQuery view exported to files, and FOCUS data
 * sets produced by other tools all arrive here; they already are FOCUS rows, so the conversion is a copy after:
 *
 * 1. `upgradeFocusRows` (shared/focus/upgrade.ts): column renames per version, derived 1.3 columns, value
 *    normalisation (exact decimals, UTC timestamps, JSON objects, allowed-value casing, `x_` prefixes).
 * 2. The repairs of focus-repairs.ts (`repairFocusRow`, `repairUnitPrices`): each one a rule FOCUS 1.3 states
 *    and that the source row breaks in a way that has one answer; costs are never changed.
 * 3. Type checks of every FOCUS column the raw table stores: a value the warehouse could not hold (a decimal
 *    that is not a number, a timestamp that is not a date-time) fails the row naming the column and the value.
 *
 * What stays as the source wrote it: every cost, and ListCost / ContractedCost that a source rounded (the
 * official FOCUS sample writes costs at 10 decimals, so ListUnitPrice x PricingQuantity differs below 1e-10):
 * the conformance test checks those relations at the source's precision.
 */
import { cloudFocusBillingRawDaily, cloudFocusCommitmentRaw } from '../datasets/index.js';
import { focusCostAndUsageColumns, focusContractCommitmentColumns } from '../datasets/index.js';
import type { Column } from '../ports/warehouse/schema.js';
import { upgradeFocusRows } from '../focus/upgrade.js';
import { RowProblem, type ColumnSpec } from './files/index.js';
import type { CloudProvider } from '../contracts/providers.js';
import { requiredSetting, setting, type BillingFormat } from './format.js';
import { repairFocusRow, repairUnitPrices, type FocusRepairTally } from './focus-repairs.js';
import { focusGenAi } from './genai-tags.js';

type Row = Record<string, unknown>;

const isNull = (v: unknown) => v === null || v === undefined || v === '';
const str = (v: unknown) => (isNull(v) ? null : String(v));

/**
 * The columns read typed (present in every FOCUS version since 1.0); all others come through as text and are
 * typed by the upgrade. Nothing added after 1.0 may be listed: a listed column is present in every row and
 * would make version detection see a newer file.
 */
export const FOCUS_EXPORT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'BilledCost', type: 'decimal', required: true },
  { name: 'BillingCurrency', type: 'string', required: true },
  { name: 'ChargePeriodStart', type: 'timestamp', required: true },
];

/** The Contract Commitment columns (FOCUS 1.3 only), typed. */
export const FOCUS_COMMITMENT_COLUMNS: readonly ColumnSpec[] = focusContractCommitmentColumns.map((c) => ({
  name: c.name,
  type: c.type === 'TIMESTAMP' ? 'timestamp' : c.type === 'STRING' ? 'string' : 'decimal',
  ...(c.mode === 'REQUIRED' ? { required: true } : {}),
}));

/** A provider name as one of the four clouds, else null. */
function cloudOfName(name: string): CloudProvider | null {
  const n = name.toLowerCase();
  if (n === 'aws' || n.startsWith('amazon')) return 'aws';
  if (n.includes('microsoft') || n.includes('azure')) return 'azure';
  if (n.startsWith('google') || n === 'gcp') return 'gcp';
  if (n.startsWith('oracle') || n === 'oci') return 'oci';
  return null;
}

/**
 * Which cloud a FOCUS row belongs to, from the row alone, never from the pipeline that loaded it: its
 * ProviderName, else ServiceProviderName, else InvoiceIssuerName (the first one it states) when that names one of
 * the four clouds; else its HostProviderName when that does (a third party's service hosted in and billed with a
 * cloud, e.g. Datadog on AWS). Null for any other provider, e.g. a marketplace seller's own FOCUS file (seller as
 * service and host provider, whoever issues the invoice): such rows are provider `LOWER(ServiceProviderName)`,
 * cost type `subscription`, as SaaS rows are (sp_cloud_focus_convert_to_focus.sql).
 */
export function focusRowCloud(row: Row): CloudProvider | null {
  const name = str(row.ProviderName) ?? str(row.ServiceProviderName) ?? str(row.InvoiceIssuerName);
  const own = name === null ? null : cloudOfName(name);
  if (own !== null) return own;
  const host = str(row.HostProviderName);
  return host === null ? null : cloudOfName(host);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Throws naming the column when a value does not fit its column's type or a required value is missing. */
function checkTypes(f: Row, columns: readonly Column[], required: boolean): void {
  for (const c of columns) {
    const v = f[c.name];
    if (isNull(v)) {
      if (required && c.mode === 'REQUIRED')
        throw new RowProblem(c.name, 'missing (FOCUS 1.3 requires a value)');
      continue;
    }
    const bad =
      (c.type === 'BIGNUMERIC' || c.type === 'NUMERIC') && !DECIMAL.test(String(v))
        ? 'not a decimal'
        : c.type === 'TIMESTAMP' && !TIMESTAMP.test(String(v))
          ? 'not a date-time'
          : c.type === 'JSON' && (typeof v !== 'object' || Array.isArray(v))
            ? 'not a JSON object'
            : null;
    if (bad) throw new RowProblem(c.name, `${bad}: ${JSON.stringify(v).slice(0, 80)}`);
  }
}

const FOCUS_NAMES = new Set(focusCostAndUsageColumns.map((c) => c.name));

/**
 * One FOCUS export row (read with FOCUS_EXPORT_COLUMNS and keepOther) as a raw row without lineage; GenAI model
 * rows carry genai_provider / genai_model (focusGenAi).
 */
export function focusExportRawRow(
  row: Row,
  // The pipeline's cloud: never the row's (focusRowCloud reads the row alone); kept for the callers' shape.
  _pipelineCloud?: CloudProvider,
  tally?: FocusRepairTally,
): Row & { usage_date: string } {
  const upgraded = upgradeFocusRows([row]);
  const f = upgraded.rows[0]!;
  checkTypes(f, focusCostAndUsageColumns, false);
  const cloud = focusRowCloud(f);
  repairFocusRow(f, cloud, tally);
  repairUnitPrices(f, tally);
  checkTypes(f, focusCostAndUsageColumns, true);
  const start = str(f.ChargePeriodStart)!;
  const out: Row & { usage_date: string } = { usage_date: start.slice(0, 10) };
  const extra: Row = {};
  for (const [k, v] of Object.entries(f)) {
    if (FOCUS_NAMES.has(k)) out[k] = v;
    else if (!isNull(v)) extra[k] = v;
  }
  out.x_source_columns = Object.keys(extra).length > 0 ? extra : null;
  out.x_focus_version = upgraded.version;
  out.x_cloud_provider = cloud;
  out.x_cloud_account_id = str(f.BillingAccountId) ?? str(f.SubAccountId);
  const genai = focusGenAi(f, cloud);
  out.genai_provider = genai?.provider ?? null;
  out.genai_model = genai?.model ?? null;
  return out;
}

/** One Contract Commitment row (FOCUS 1.3) as a raw row; its date is the commitment period's start. */
export function focusCommitmentRawRow(row: Row, provider: CloudProvider): Row & { usage_date: string } {
  const out: Row & { usage_date: string } = {
    usage_date: String(row.ContractCommitmentPeriodStart).slice(0, 10),
  };
  for (const c of focusContractCommitmentColumns) out[c.name] = row[c.name] ?? null;
  if (typeof out.BillingCurrency === 'string') out.BillingCurrency = out.BillingCurrency.toUpperCase();
  const category = out.ContractCommitmentCategory;
  if (category !== 'Spend' && category !== 'Usage') {
    throw new RowProblem('ContractCommitmentCategory', `not Spend or Usage: ${JSON.stringify(category)}`);
  }
  out.x_cloud_provider = provider;
  out.x_cloud_account_id = null;
  return out;
}

/**
 * Where a provider's FOCUS export and its Contract Commitment dataset live, from the credential config (the
 * same keys as the provider's own export formats; the commitment dataset has its own prefix / path / table).
 */
const LOCATIONS: Record<CloudProvider, { base: string[]; last: string; commitments: string }> = {
  aws: { base: ['export_bucket'], last: 'export_prefix', commitments: 'commitment_prefix' },
  azure: { base: ['storage_account', 'container'], last: 'path', commitments: 'commitment_path' },
  gcp: { base: [], last: 'focus_export_table', commitments: 'commitment_table' },
  oci: { base: ['namespace', 'bucket'], last: 'focus_prefix', commitments: 'commitment_prefix' },
};

function location(provider: CloudProvider, config: Row, commitments: boolean): string[] | null {
  const spec = LOCATIONS[provider];
  const base = spec.base.map((key) => requiredSetting(config, key));
  const last = setting(config, commitments ? spec.commitments : spec.last);
  if (commitments) return last === undefined ? null : [...base, last];
  if (last === undefined && base.length === 0) return [requiredSetting(config, spec.last)];
  return last === undefined ? base : [...base, last];
}

/** The FOCUS cost-and-usage format of a provider: `<provider>/focus`. */
export function focusExportFormat(provider: CloudProvider): BillingFormat {
  return {
    provider,
    format: 'focus',
    description: `FOCUS 1.0-1.3 export of ${provider} (CSV, CSV.gz, Parquet, JSON lines), upgraded to 1.3`,
    columns: FOCUS_EXPORT_COLUMNS,
    read: { keepOther: true, nullValues: ['NULL'] },
    table: cloudFocusBillingRawDaily,
    location: (config) => location(provider, config, false),
    toRaw: (row) => focusExportRawRow(row),
  };
}

/**
 * The FOCUS 1.3 Contract Commitment dataset of a provider (`<provider>/focus_commitment`), read from the
 * credential's commitment prefix / path / table (LOCATIONS); a credential without one has no commitment dataset.
 */
export function focusCommitmentFormat(provider: CloudProvider): BillingFormat {
  return {
    provider,
    format: 'focus_commitment',
    description: `FOCUS 1.3 Contract Commitment export of ${provider}`,
    columns: FOCUS_COMMITMENT_COLUMNS,
    table: cloudFocusCommitmentRaw,
    location: (config) => location(provider, config, true),
    toRaw: (row) => focusCommitmentRawRow(row, provider),
  };
}
