import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col } from './columns.js';
import { lineageColumns } from './lineage.js';

// FOCUS 1.3 Contract Commitment dataset: 13 columns, all Mandatory (reference doc §4.1). REQUIRED only where the
// spec says MUST NOT be null and a source can always provide the value; ContractId, ContractCommitmentType and
// the contract period are not-null in the spec but left NULLABLE because not every source exposes a contract.

/** The 13 FOCUS 1.3 Contract Commitment columns. */
export const focusContractCommitmentColumns: readonly Column[] = [
  col('BillingCurrency', 'STRING', 'ISO 4217 currency of the commitment; not null for Spend commitments.'),
  col('ContractCommitmentCategory', 'STRING', 'Spend | Usage.', true),
  col(
    'ContractCommitmentCost',
    'NUMERIC',
    'Monetary value of the commitment; not null for Spend commitments.',
  ),
  col('ContractCommitmentDescription', 'STRING', "Self-contained summary of the commitment's terms."),
  col(
    'ContractCommitmentId',
    'STRING',
    'Provider identifier of the contract term; unique in the dataset.',
    true,
  ),
  col('ContractCommitmentPeriodEnd', 'TIMESTAMP', 'Exclusive end of the commitment period (UTC).', true),
  col('ContractCommitmentPeriodStart', 'TIMESTAMP', 'Inclusive start of the commitment period (UTC).', true),
  col('ContractCommitmentQuantity', 'NUMERIC', 'Committed amount; not null for Usage commitments.'),
  col('ContractCommitmentType', 'STRING', 'Provider display name for the type of commitment.'),
  col(
    'ContractCommitmentUnit',
    'STRING',
    'Unit of ContractCommitmentQuantity; NULL exactly when the quantity is.',
  ),
  col('ContractId', 'STRING', 'Provider identifier of the parent contract (MAY equal ContractCommitmentId).'),
  col('ContractPeriodEnd', 'TIMESTAMP', 'Exclusive end of the contract period (UTC).'),
  col('ContractPeriodStart', 'TIMESTAMP', 'Inclusive start of the contract period (UTC).'),
];

/** `contract_commitment_1_3`: FOCUS 1.3 Contract Commitment rows, joined from ContractApplied. */
export const contractCommitment13: TableDef = {
  name: 'contract_commitment_1_3',
  description: 'FOCUS 1.3 Contract Commitment rows: one per contract commitment term of the org.',
  version: 1,
  columns: [...focusContractCommitmentColumns, ...lineageColumns],
};
