import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { PriceGenAiConfigSchema, priceGenAiUsage } from '../../shared/steps/genai-price.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createStepFunction('price-genai-usage', { config: PriceGenAiConfigSchema, execute: priceGenAiUsage }),
);
