/**
 * The registry of cloud billing export formats the `extract-cloud-billing` step reads (what a format is:
 * format.ts). Each provider module declares its own formats; add one there and list it here.
 */
import { awsCurFormat } from './aws-cur.js';
import type { BillingFormat } from './format.js';
import { AZURE_BILLING_FORMATS } from './azure-export.js';
import { gcpBillingExportFormat } from './gcp-export.js';
import { focusCommitmentFormat, focusExportFormat } from './focus-export.js';
import { ociBillingFormats } from './oci-report.js';

import { CLOUD_PROVIDERS, type CloudProvider } from '../contracts/providers.js';
export { CLOUD_PROVIDERS, type CloudProvider };

/** Every format (a provider module exports its own and is listed here). */
export const BILLING_FORMATS: readonly BillingFormat[] = [
  awsCurFormat,
  ...AZURE_BILLING_FORMATS,
  gcpBillingExportFormat,
  ...ociBillingFormats,
  focusExportFormat('aws'),
  focusExportFormat('azure'),
  focusExportFormat('gcp'),
  focusCommitmentFormat('aws'),
  focusCommitmentFormat('azure'),
  focusCommitmentFormat('gcp'),
];

/** The format of a provider by its step-config name, or undefined. */
export function billingFormat(provider: string, format: string): BillingFormat | undefined {
  return BILLING_FORMATS.find((f) => f.provider === provider && f.format === format);
}
