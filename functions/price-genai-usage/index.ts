import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { priceGenAiUsage } from '../../shared/steps/genai-price.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(createStepFunction('price-genai-usage', { execute: priceGenAiUsage }));
