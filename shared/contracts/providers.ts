/** Provider ids, owned here: the integrations, the cloud billing formats and the hierarchy rules import them. */

/** Cloud billing providers, in API order. */
export const CLOUD_PROVIDERS = ['gcp', 'aws', 'azure', 'oci'] as const;
export type CloudProvider = (typeof CLOUD_PROVIDERS)[number];

/** GenAI providers: each has a `{provider}/genai/usage` pipeline. */
export const GENAI_PROVIDERS = [
  'openai',
  'anthropic',
  'gemini',
  'deepseek',
  'azure_openai',
  'bedrock',
  'vertex',
] as const;
export type GenAiProvider = (typeof GENAI_PROVIDERS)[number];

/** Every provider a credential can be stored for, in API order. */
export const PROVIDERS = [...CLOUD_PROVIDERS, ...GENAI_PROVIDERS] as const;
/** A provider id as it appears in `/api/v1/integrations/{org}/{provider}/...`. */
export type Provider = (typeof PROVIDERS)[number];
