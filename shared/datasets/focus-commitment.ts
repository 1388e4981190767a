import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import { lineageColumns } from './lineage.js';
import columns from './schemas/contract_commitment_1_3.json' with { type: 'json' };

// FOCUS 1.3 Contract Commitment dataset: 13 columns, all Mandatory (reference doc §4.1). REQUIRED only where the
// spec says MUST NOT be null and a source can always provide the value; ContractId, ContractCommitmentType and
// the contract period are not-null in the spec but left NULLABLE because not every source exposes a contract.

/** `contract_commitment_1_3`: FOCUS 1.3 Contract Commitment rows, joined from ContractApplied. */
export const contractCommitment13: TableDef = tableFromSchema(columns, {
  name: 'contract_commitment_1_3',
  description: 'FOCUS 1.3 Contract Commitment rows: one per contract commitment term of the org.',
  version: 1,
  append: lineageColumns,
});

/** The 13 FOCUS 1.3 Contract Commitment columns. */
export const focusContractCommitmentColumns: readonly Column[] = contractCommitment13.columns.filter(
  (c) => !c.name.startsWith('x_'),
);
