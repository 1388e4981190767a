import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { runProcedure } from '../../shared/steps/run-procedure.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('run-procedure', { execute: runProcedure }));
