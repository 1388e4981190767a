import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { calculateSubscriptionCosts } from '../../shared/steps/saas-costs.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createStepFunction('calculate-subscription-costs', { execute: calculateSubscriptionCosts }),
);
