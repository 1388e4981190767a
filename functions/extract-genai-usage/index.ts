import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { extractGenAiUsage } from '../../shared/steps/genai-extract.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('extract-genai-usage', { execute: extractGenAiUsage }));
