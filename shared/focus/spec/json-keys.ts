// The keys the FOCUS 1.3 specification defines inside its JSON columns; any other key MUST start with `x_`.

/** SkuPriceDetails properties and the type of their value (Numeric or String). */
export const SKU_PRICE_DETAIL_KEYS: Readonly<Record<string, 'number' | 'string'>> = {
  CoreCount: 'number',
  DiskMaxIops: 'number',
  DiskSpace: 'number',
  DiskType: 'string',
  GpuCount: 'number',
  InstanceType: 'string',
  InstanceSeries: 'string',
  MemorySize: 'number',
  NetworkMaxIops: 'number',
  NetworkMaxThroughput: 'number',
  OperatingSystem: 'string',
  Redundancy: 'string',
  StorageClass: 'string',
};

/** Whether `key` is a SkuPriceDetails property defined by FOCUS. */
export const isSkuPriceDetailKey = (key: string): boolean => Object.hasOwn(SKU_PRICE_DETAIL_KEYS, key);

/** ContractApplied element keys: the errata casing `…Id` and the 1.3 text's `…ID` are both accepted. */
export const CONTRACT_APPLIED_KEYS: ReadonlySet<string> = new Set([
  'ContractId',
  'ContractID',
  'ContractCommitmentId',
  'ContractCommitmentID',
  'ContractCommitmentAppliedCost',
  'ContractCommitmentAppliedQuantity',
  'ContractCommitmentAppliedUnit',
]);

/** AllocatedMethodDetails element keys. */
export const ALLOCATED_METHOD_KEYS: ReadonlySet<string> = new Set([
  'AllocatedRatio',
  'UsageUnit',
  'UsageQuantity',
]);
