import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { dqCheck } from '../../shared/steps/dq-check.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('dq-check', { execute: dqCheck }));
