import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { ExtractCloudBillingConfigSchema, extractCloudBilling } from '../../shared/steps/cloud-extract.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createStepFunction('extract-cloud-billing', {
    config: ExtractCloudBillingConfigSchema,
    execute: extractCloudBilling,
  }),
);
