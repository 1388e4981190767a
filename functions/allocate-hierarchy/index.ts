import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { allocateHierarchy } from '../../shared/steps/allocate-hierarchy.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('allocate-hierarchy', { execute: allocateHierarchy }));
