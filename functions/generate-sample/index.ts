import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { generateSample } from '../../shared/steps/generate-sample.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('generate-sample', { execute: generateSample }));
