/**
 * The demo's AWS bill: a CUR 2.0 (Data Exports) CSV.gz per billing period, one line per resource and day, written
 * where the demo's AWS integration reads its export (`<CLOUD_EXPORTS_DIR>/aws/<bucket>/<prefix>`). Costs are
 * rate x usage exactly; resources carry the `user_team` / `user_env` tags the demo's allocation rules match.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Decimal } from 'decimal.js';
import { quoteCell } from '../../shared/csv/write.js';
import { activity, addDays, daysOf, random } from './generator.js';

export const DEMO_AWS = {
  bucket: 'acme-demo-billing',
  prefix: 'cur2/acme-demo/',
  /** The AWS Organizations management (payer) account; usage runs in the member accounts. */
  payer: '731840296215',
  accounts: { prod: '418295730164', data: '562039184720' },
  accountNames: { prod: 'acme-prod', data: 'acme-data' },
} as const;

interface Resource {
  account: keyof typeof DEMO_AWS.accounts;
  product: string;
  productName: string;
  usageType: string;
  operation: string;
  zone: string;
  resourceId: string;
  unit: string;
  rate: string;
  /** Usage per day at the demo's start; `fixed` usage does not follow the day's activity. */
  daily: number;
  fixed?: boolean;
  decimals: number;
  description: string;
  tags?: Record<string, string>;
}

const tags = (team: string, app: string, env = 'prod') => ({ user_team: team, user_app: app, user_env: env });
const ec2 = 'Amazon Elastic Compute Cloud';

const RESOURCES: Resource[] = [
  {
    account: 'prod',
    product: 'AmazonEC2',
    productName: ec2,
    usageType: 'USE1-BoxUsage:m6i.xlarge',
    operation: 'RunInstances',
    zone: 'us-east-1a',
    resourceId: 'i-0a4f2c9e7b1d3e501',
    unit: 'Hrs',
    rate: '0.192',
    daily: 96,
    decimals: 0,
    description: '$0.192 per On Demand Linux m6i.xlarge Instance Hour',
    tags: tags('backend', 'api'),
  },
  {
    account: 'prod',
    product: 'AmazonEC2',
    productName: ec2,
    usageType: 'USE1-BoxUsage:c6i.2xlarge',
    operation: 'RunInstances',
    zone: 'us-east-1b',
    resourceId: 'i-07c1e5b93d2f4a810',
    unit: 'Hrs',
    rate: '0.34',
    daily: 48,
    fixed: true,
    decimals: 0,
    description: '$0.34 per On Demand Linux c6i.2xlarge Instance Hour',
    tags: tags('sre', 'observability'),
  },
  {
    account: 'prod',
    product: 'AmazonEC2',
    productName: ec2,
    usageType: 'USE1-BoxUsage:t3.large',
    operation: 'RunInstances',
    zone: 'us-east-1c',
    resourceId: 'i-0e93b7d1c5a2f6044',
    unit: 'Hrs',
    rate: '0.0832',
    daily: 72,
    fixed: true,
    decimals: 0,
    description: '$0.0832 per On Demand Linux t3.large Instance Hour',
    tags: tags('frontend', 'web'),
  },
  {
    account: 'prod',
    product: 'AmazonEC2',
    productName: ec2,
    usageType: 'USE1-EBS:VolumeUsage.gp3',
    operation: 'CreateVolume-Gp3',
    zone: 'us-east-1a',
    resourceId: 'vol-0b5d8e2f1a7c93d46',
    unit: 'GB-Mo',
    rate: '0.08',
    daily: 66.6667,
    fixed: true,
    decimals: 4,
    description: '$0.08 per GB-month of General Purpose (gp3) provisioned storage',
    tags: tags('backend', 'api'),
  },
  {
    account: 'prod',
    product: 'AmazonEC2',
    productName: ec2,
    usageType: 'USE1-NatGateway-Hours',
    operation: 'NatGateway',
    zone: 'us-east-1a',
    resourceId: 'nat-04f1c2a8e9d7b3c55',
    unit: 'Hrs',
    rate: '0.045',
    daily: 48,
    fixed: true,
    decimals: 0,
    description: '$0.045 per NAT Gateway Hour',
  },
  {
    account: 'prod',
    product: 'AmazonRDS',
    productName: 'Amazon Relational Database Service',
    usageType: 'USE1-Multi-AZUsage:db.r6g.xl',
    operation: 'CreateDBInstance:0014',
    zone: 'us-east-1a',
    resourceId: 'arn:aws:rds:us-east-1:418295730164:db:acme-orders',
    unit: 'Hrs',
    rate: '0.902',
    daily: 24,
    fixed: true,
    decimals: 0,
    description: '$0.902 per RDS db.r6g.xlarge Multi-AZ instance hour running PostgreSQL',
    tags: tags('backend', 'orders'),
  },
  {
    account: 'prod',
    product: 'AmazonS3',
    productName: 'Amazon Simple Storage Service',
    usageType: 'USE1-Requests-Tier1',
    operation: 'PutObject',
    zone: '',
    resourceId: 'acme-web-assets',
    unit: 'Requests',
    rate: '0.000005',
    daily: 2_400_000,
    decimals: 0,
    description: '$0.005 per 1,000 PUT, COPY, POST, or LIST requests',
    tags: tags('frontend', 'web'),
  },
  {
    account: 'prod',
    product: 'AmazonCloudFront',
    productName: 'Amazon CloudFront',
    usageType: 'US-DataTransfer-Out-Bytes',
    operation: 'GET',
    zone: '',
    resourceId: 'arn:aws:cloudfront::418295730164:distribution/E2QWRUHEXAMPLE',
    unit: 'GB',
    rate: '0.085',
    daily: 950,
    decimals: 3,
    description: '$0.085 per GB - first 10 TB / month data transfer out (United States)',
    tags: tags('frontend', 'web'),
  },
  {
    account: 'prod',
    product: 'AWSLambda',
    productName: 'AWS Lambda',
    usageType: 'USE1-Lambda-GB-Second',
    operation: 'Invoke',
    zone: '',
    resourceId: 'arn:aws:lambda:us-east-1:418295730164:function:alert-router',
    unit: 'Lambda-GB-Second',
    rate: '0.0000166667',
    daily: 3_200_000,
    decimals: 0,
    description: 'AWS Lambda - Total Compute - US East (N. Virginia)',
    tags: tags('sre', 'alerting'),
  },
  {
    account: 'data',
    product: 'AmazonS3',
    productName: 'Amazon Simple Storage Service',
    usageType: 'USE1-TimedStorage-ByteHrs',
    operation: 'StandardStorage',
    zone: '',
    resourceId: 'acme-data-lake',
    unit: 'GB-Mo',
    rate: '0.023',
    daily: 1600,
    decimals: 4,
    description: '$0.023 per GB - first 50 TB / month of storage used',
  },
  {
    account: 'data',
    product: 'AmazonRedshift',
    productName: 'Amazon Redshift',
    usageType: 'USE1-Node:ra3.xlplus',
    operation: 'RunComputeNode:0001',
    zone: 'us-east-1a',
    resourceId: 'arn:aws:redshift:us-east-1:562039184720:cluster:acme-warehouse',
    unit: 'Hrs',
    rate: '1.086',
    daily: 48,
    fixed: true,
    decimals: 0,
    description: '$1.086 per RA3 Extra Large Plus Compute Node hour',
    tags: tags('bi', 'warehouse'),
  },
  {
    account: 'data',
    product: 'AmazonBedrock',
    productName: 'Amazon Bedrock',
    usageType: 'USE1-Claude3.5Sonnet-input-tokens',
    operation: 'InvokeModelInference',
    zone: '',
    resourceId: '',
    unit: '1K tokens',
    rate: '0.003',
    daily: 18_000,
    decimals: 0,
    description: 'Claude 3.5 Sonnet input tokens',
    tags: tags('ml', 'assistant'),
  },
  {
    account: 'data',
    product: 'AmazonBedrock',
    productName: 'Amazon Bedrock',
    usageType: 'USE1-Claude3.5Sonnet-output-tokens',
    operation: 'InvokeModelInference',
    zone: '',
    resourceId: '',
    unit: '1K tokens',
    rate: '0.015',
    daily: 2_600,
    decimals: 0,
    description: 'Claude 3.5 Sonnet output tokens',
    tags: tags('ml', 'assistant'),
  },
];

const COLUMNS = [
  'identity_line_item_id',
  'identity_time_interval',
  'bill_billing_entity',
  'bill_bill_type',
  'bill_payer_account_id',
  'bill_billing_period_start_date',
  'bill_billing_period_end_date',
  'line_item_usage_account_id',
  'line_item_usage_account_name',
  'line_item_line_item_type',
  'line_item_usage_start_date',
  'line_item_usage_end_date',
  'line_item_product_code',
  'line_item_usage_type',
  'line_item_operation',
  'line_item_availability_zone',
  'line_item_resource_id',
  'line_item_usage_amount',
  'line_item_currency_code',
  'line_item_unblended_rate',
  'line_item_unblended_cost',
  'line_item_line_item_description',
  'product_product_name',
  'product_region_code',
  'pricing_public_on_demand_rate',
  'pricing_public_on_demand_cost',
  'pricing_term',
  'pricing_unit',
  'resource_tags',
] as const;

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonth = (day: string) => {
  const d = new Date(`${monthStart(day)}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};

/** The CUR lines of one day (keyed by day only, so every range generates the day alike). */
function linesOf(seed: string, origin: string, day: string): Record<(typeof COLUMNS)[number], string>[] {
  return RESOURCES.map((r) => {
    const level = r.fixed ? 1 : activity(seed, `aws|${r.usageType}`, day, origin);
    const amount = new Decimal(r.daily * level).toDecimalPlaces(r.decimals);
    const cost = amount.times(r.rate).toFixed();
    const id = Math.floor(random(seed, `aws-id|${r.usageType}|${day}`)() * 2 ** 48).toString(36);
    return {
      identity_line_item_id: `${id}${day.replace(/-/g, '')}`,
      identity_time_interval: `${day}T00:00:00Z/${addDays(day, 1)}T00:00:00Z`,
      bill_billing_entity: 'AWS',
      bill_bill_type: 'Anniversary',
      bill_payer_account_id: DEMO_AWS.payer,
      bill_billing_period_start_date: `${monthStart(day)}T00:00:00Z`,
      bill_billing_period_end_date: `${nextMonth(day)}T00:00:00Z`,
      line_item_usage_account_id: DEMO_AWS.accounts[r.account],
      line_item_usage_account_name: DEMO_AWS.accountNames[r.account],
      line_item_line_item_type: 'Usage',
      line_item_usage_start_date: `${day}T00:00:00Z`,
      line_item_usage_end_date: `${addDays(day, 1)}T00:00:00Z`,
      line_item_product_code: r.product,
      line_item_usage_type: r.usageType,
      line_item_operation: r.operation,
      line_item_availability_zone: r.zone,
      line_item_resource_id: r.resourceId,
      line_item_usage_amount: amount.toFixed(),
      line_item_currency_code: 'USD',
      line_item_unblended_rate: r.rate,
      line_item_unblended_cost: cost,
      line_item_line_item_description: r.description,
      product_product_name: r.productName,
      product_region_code: r.usageType.startsWith('US-') ? '' : 'us-east-1',
      pricing_public_on_demand_rate: r.rate,
      pricing_public_on_demand_cost: cost,
      pricing_term: 'OnDemand',
      pricing_unit: r.unit,
      resource_tags: r.tags ? JSON.stringify(r.tags) : '',
    };
  });
}

/**
 * Writes one `BILLING_PERIOD=YYYY-MM/acme-demo-00001.csv.gz` per month of [start, end] under `dir` (the
 * export location); a month's file is rewritten whole, as AWS restates a period. Returns the files written.
 */
export function writeCurExports(
  dir: string,
  seed: string,
  origin: string,
  start: string,
  end: string,
): string[] {
  const byMonth = new Map<string, string[]>();
  for (const day of daysOf(start, end)) {
    const month = day.slice(0, 7);
    const lines = byMonth.get(month) ?? [COLUMNS.join(',')];
    for (const line of linesOf(seed, origin, day))
      lines.push(COLUMNS.map((c) => quoteCell(line[c])).join(','));
    byMonth.set(month, lines);
  }
  const files: string[] = [];
  for (const [month, lines] of byMonth) {
    const folder = join(dir, `BILLING_PERIOD=${month}`);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'acme-demo-00001.csv.gz');
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    files.push(file);
  }
  return files;
}
