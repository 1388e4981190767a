import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { extractCloudBilling } from '../../shared/steps/cloud-extract.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('extract-cloud-billing', { execute: extractCloudBilling }));
