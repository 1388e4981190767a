/**
 * Each provider's credential and config shapes, catalogued here (browser-safe: zod only); the shapes themselves are
 * in cloud-provider-schemas.ts and genai-provider-schemas.ts (their shared pieces in provider-fields.ts), all
 * re-exported from here. The provider checks (shared/ports/provider-check) parse with these schemas, and
 * `GET /api/v1/integrations/{org}/providers` describes them to the setup forms: every field carries
 * `.meta({title, description, secret?, format?, placeholder?})`.
 */
import { z } from 'zod';
import { CLOUD_PROVIDERS, PROVIDERS, type Provider } from './providers.js';
import {
  AwsConfigSchema,
  AwsCredentialSchema,
  AzureConfigSchema,
  AzureServicePrincipalSchema,
  GcpConfigSchema,
  OciApiSigningKeySchema,
  OciConfigSchema,
  ServiceAccountSchema,
} from './cloud-provider-schemas.js';
import {
  AnthropicCredentialSchema,
  AzureOpenAICredentialSchema,
  AzureOpenAIConfigSchema,
  BedrockConfigSchema,
  DeepSeekCredentialSchema,
  GeminiCredentialSchema,
  NoConfigSchema,
  OpenAIConfigSchema,
  OpenAICredentialSchema,
  VertexConfigSchema,
} from './genai-provider-schemas.js';
import { FIELD_FORMATS, type FieldMeta } from './provider-fields.js';

export {
  ApiKeySchema,
  AwsRegionSchema,
  FIELD_FORMATS,
  GcpProjectIdSchema,
  ObjectPrefixSchema,
  type FieldFormat,
  type FieldMeta,
} from './provider-fields.js';
export * from './cloud-provider-schemas.js';
export * from './genai-provider-schemas.js';

// ---------- the catalogue ----------

interface ProviderSchemas {
  name: string;
  credential: z.ZodType;
  config: z.ZodType;
  /**
   * Usage comes as a file through `POST /api/v1/genai/{org}/usage/import` (DeepSeek has no usage API; Gemini, Vertex,
   * Azure OpenAI and Bedrock token detail until the cloud billing pipelines classify it); OpenAI and Anthropic have APIs.
   */
  usage_import: boolean;
}

/** Every provider's display name, credential and config schema: the one source. */
export const PROVIDER_SCHEMAS: Record<Provider, ProviderSchemas> = {
  gcp: {
    name: 'Google Cloud',
    credential: ServiceAccountSchema,
    config: GcpConfigSchema,
    usage_import: false,
  },
  aws: { name: 'AWS', credential: AwsCredentialSchema, config: AwsConfigSchema, usage_import: false },
  azure: {
    name: 'Azure',
    credential: AzureServicePrincipalSchema,
    config: AzureConfigSchema,
    usage_import: false,
  },
  oci: {
    name: 'Oracle Cloud',
    credential: OciApiSigningKeySchema,
    config: OciConfigSchema,
    usage_import: false,
  },
  openai: {
    name: 'OpenAI',
    credential: OpenAICredentialSchema,
    config: OpenAIConfigSchema,
    usage_import: false,
  },
  anthropic: {
    name: 'Anthropic',
    credential: AnthropicCredentialSchema,
    config: NoConfigSchema,
    usage_import: false,
  },
  gemini: {
    name: 'Gemini API',
    credential: GeminiCredentialSchema,
    config: NoConfigSchema,
    usage_import: true,
  },
  deepseek: {
    name: 'DeepSeek',
    credential: DeepSeekCredentialSchema,
    config: NoConfigSchema,
    usage_import: true,
  },
  azure_openai: {
    name: 'Azure OpenAI',
    credential: AzureOpenAICredentialSchema,
    config: AzureOpenAIConfigSchema,
    usage_import: true,
  },
  bedrock: {
    name: 'Amazon Bedrock',
    credential: AwsCredentialSchema,
    config: BedrockConfigSchema,
    usage_import: true,
  },
  vertex: {
    name: 'Vertex AI',
    credential: ServiceAccountSchema,
    config: VertexConfigSchema,
    usage_import: true,
  },
};

export const ProviderFieldSchema = z.object({
  /** The key in `credential` / `config` (for a `string` or `json` credential: `credential`). */
  name: z.string(),
  title: z.string(),
  description: z.string(),
  type: z.enum(['string', 'object', 'record']),
  secret: z.boolean(),
  required: z.boolean(),
  format: z.enum(FIELD_FORMATS),
  placeholder: z.string().nullable(),
  /** What an empty optional field becomes. */
  default: z.string().nullable(),
});
export type ProviderField = z.infer<typeof ProviderFieldSchema>;

export const ProviderInfoSchema = z.object({
  id: z.enum(PROVIDERS),
  name: z.string(),
  category: z.enum(['cloud', 'genai']),
  /**
   * How `body.credential` is built: `string` = the one field's text (an API key); `json` = the one field's text
   * parsed as JSON (a key file); `object` = `{field: value}` of the fields.
   */
  credential_type: z.enum(['string', 'json', 'object']),
  credential_fields: z.array(ProviderFieldSchema),
  config_fields: z.array(ProviderFieldSchema),
  usage_import: z.boolean(),
});
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

const metaOf = (s: z.ZodType): Partial<FieldMeta> => (s.meta() ?? {}) as Partial<FieldMeta>;

/** Strips optional/default/pipe wrappers to the schema that decides the value's JSON type. */
function baseOf(s: z.ZodType): z.ZodType {
  let cur = s as z.ZodType & { def?: { innerType?: z.ZodType; in?: z.ZodType } };
  for (let i = 0; i < 10; i++) {
    const def = (cur as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
    if (def.innerType) cur = def.innerType as typeof cur;
    else if (def.type === 'pipe' && def.in) cur = def.in as typeof cur;
    else break;
  }
  return cur;
}

function describeField(name: string, s: z.ZodType): ProviderField {
  const m = metaOf(s);
  const base = baseOf(s);
  const kind = (base as unknown as { def: { type: string } }).def.type;
  const type = kind === 'record' ? 'record' : kind === 'object' ? 'object' : 'string';
  const empty = s.safeParse(undefined);
  const dflt = empty.success && typeof empty.data === 'string' && empty.data !== '' ? empty.data : null;
  return {
    name,
    title: m.title ?? name,
    description: m.description ?? '',
    type,
    secret: m.secret === true,
    required: !empty.success,
    format: m.format ?? (type === 'record' ? 'key-value' : 'text'),
    placeholder: m.placeholder ?? null,
    default: dflt,
  };
}

function fieldsOf(s: z.ZodType): ProviderField[] {
  const shape = (s as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, f]) => describeField(name, f));
}

/** Describes one provider's forms from its schemas. */
export function describeProvider(id: Provider): ProviderInfo {
  const p = PROVIDER_SCHEMAS[id];
  const credMeta = metaOf(p.credential);
  const credBase = baseOf(p.credential);
  const isObject = (credBase as unknown as { def: { type: string } }).def.type === 'object';
  const credential_type = !isObject ? 'string' : credMeta.format === 'json-file' ? 'json' : 'object';
  return {
    id,
    name: p.name,
    category: (CLOUD_PROVIDERS as readonly Provider[]).includes(id) ? 'cloud' : 'genai',
    credential_type,
    credential_fields:
      credential_type === 'object'
        ? fieldsOf(p.credential)
        : [{ ...describeField('credential', p.credential), type: 'string' }],
    config_fields: fieldsOf(p.config),
    usage_import: p.usage_import,
  };
}

/** The catalogue, in API order. */
export const describeProviders = (): ProviderInfo[] => PROVIDERS.map(describeProvider);
