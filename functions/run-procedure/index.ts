import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { RunProcedureConfigSchema, runProcedure } from '../../shared/steps/run-procedure.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createStepFunction('run-procedure', { config: RunProcedureConfigSchema, execute: runProcedure }),
);
