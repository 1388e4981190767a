/**
 * The GenAI providers' credential and config shapes (OpenAI, Anthropic, Gemini, DeepSeek, Azure OpenAI, Bedrock,
 * Vertex AI), each field with its form metadata; Bedrock and Vertex AI sign in with the AWS and Google Cloud
 * credentials. Part of the catalogue in shared/contracts/provider-schemas.ts, which re-exports them.
 */
import { z } from 'zod';
import { apiKey, AwsRegionSchema, GcpProjectIdSchema, meta } from './provider-fields.js';

// ---------- credentials ----------

export const OpenAICredentialSchema = apiKey(
  'Admin API key',
  'An OpenAI admin key (Organization settings → Admin keys); it can read usage and costs.',
  'sk-admin-…',
);
export const AnthropicCredentialSchema = apiKey(
  'Admin API key',
  'An Anthropic Admin API key (Console → Settings → Admin keys).',
  'sk-ant-admin…',
);
export const GeminiCredentialSchema = apiKey('API key', 'A Gemini API key from Google AI Studio.');
export const DeepSeekCredentialSchema = apiKey('API key', 'A DeepSeek platform API key.', 'sk-…');
export const AzureOpenAICredentialSchema = apiKey(
  'API key',
  "One of the Azure OpenAI resource's keys (Resource → Keys and Endpoint).",
);
// ---------- config ----------

export const OpenAIConfigSchema = z.object({
  organization_id: z
    .string()
    .regex(/^org-[A-Za-z0-9]{1,64}$/, 'organization_id looks like org-…')
    .optional()
    .meta(
      meta({
        title: 'Organization ID',
        description: 'Sent as OpenAI-Organization when the admin key belongs to several organizations.',
        placeholder: 'org-…',
      }),
    ),
});

/** No settings. */
export const NoConfigSchema = z.object({});

export const AzureOpenAIConfigSchema = z.object({
  endpoint: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .meta(
      meta({
        title: 'Endpoint',
        description: "The resource endpoint (checked against Azure's domains).",
        placeholder: 'https://my-resource.openai.azure.com',
      }),
    ),
  api_version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'api_version looks like 2024-10-21')
    .default('2024-10-21')
    .meta(meta({ title: 'API version', description: 'The Azure OpenAI data-plane API version.' })),
  model_aliases: z
    .record(
      z.string().trim().min(1).max(100),
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/, 'a model id like gpt-4o-2024-08-06'),
    )
    .refine((m) => Object.keys(m).length <= 500, 'at most 500 aliases')
    .optional()
    .meta(
      meta({
        title: 'Deployment → model',
        description:
          'Azure reports usage per deployment; map each deployment name to its model so it is priced. Unmapped names are matched as model names.',
        format: 'key-value',
      }),
    ),
});

export const BedrockConfigSchema = z.object({
  region: AwsRegionSchema.default('us-east-1').meta(
    meta({ title: 'Region', description: 'The region Bedrock runs in.' }),
  ),
});

export const VertexConfigSchema = z.object({
  project_id: GcpProjectIdSchema.optional().meta(
    meta({
      title: 'Project ID',
      description:
        "The project whose Vertex AI usage is tracked; the service account's own project when empty.",
    }),
  ),
  location: z
    .string()
    .regex(/^(global|[a-z]+-[a-z]+\d+)$/, 'location looks like us-central1 or global')
    .default('us-central1')
    .meta(meta({ title: 'Location', description: 'us-central1, europe-west4, … or global.' })),
  vertex_endpoint: z
    .string()
    .optional()
    .meta(
      meta({
        title: 'Endpoint (local only)',
        description:
          'A local server standing in for {location}-aiplatform.googleapis.com; refused in production.',
      }),
    ),
});
