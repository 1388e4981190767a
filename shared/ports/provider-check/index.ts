import type { Provider } from '../../contracts/providers.js';
import { anthropicAdapter } from './anthropic.js';
import { awsAdapter } from './aws.js';
import { azureOpenAIAdapter } from './azure-openai.js';
import { azureAdapter } from './azure.js';
import { bedrockAdapter } from './bedrock.js';
import { deepseekAdapter } from './deepseek.js';
import { gcpAdapter } from './gcp.js';
import { geminiAdapter } from './gemini.js';
import { ociAdapter } from './oci.js';
import { openaiAdapter } from './openai.js';
import type { ProviderAdapter } from './port.js';
import { vertexAdapter } from './vertex.js';

export * from './port.js';
export { ProviderUnreachableError } from './errors.js';
export { CLOUD_PROVIDERS, GENAI_PROVIDERS, PROVIDERS } from '../../contracts/providers.js';

/** One adapter per provider id: credential/config schemas, validation call and fingerprint. */
export const providerAdapters: Record<Provider, ProviderAdapter> = {
  gcp: gcpAdapter,
  aws: awsAdapter,
  azure: azureAdapter,
  oci: ociAdapter,
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  deepseek: deepseekAdapter,
  azure_openai: azureOpenAIAdapter,
  bedrock: bedrockAdapter,
  vertex: vertexAdapter,
};
