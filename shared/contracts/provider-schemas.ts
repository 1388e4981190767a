/**
 * Each provider's credential and config shapes, owned here (browser-safe: zod only). The provider checks
 * (shared/ports/provider-check) parse with these schemas, and `GET /api/v1/integrations/{org}/providers` describes
 * them to the setup forms: every field carries `.meta({title, description, secret?, format?, placeholder?})`.
 */
import { z } from 'zod';
import { CLOUD_PROVIDERS, PROVIDERS, type Provider } from './providers.js';

/** How a form shows a field: one line, a textarea, a file read into the field, or a key-value editor. */
export const FIELD_FORMATS = ['text', 'multiline', 'json-file', 'pem-file', 'key-value'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

/** The metadata every credential and config field states. */
export interface FieldMeta {
  title: string;
  description: string;
  /** Never echoed back, `type=password` in forms. */
  secret?: boolean;
  format?: FieldFormat;
  placeholder?: string;
}
const meta = (m: FieldMeta) => m as unknown as Record<string, unknown>;

// ---------- shared pieces ----------

/** An API key credential: one token of printable ASCII, surrounding whitespace trimmed. */
export const ApiKeySchema = z
  .string()
  .trim()
  .min(8, 'API key is too short')
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'API key must be printable ASCII without spaces');

/** A bucket/container key prefix: printable (no control characters), leading slashes dropped. */
export const ObjectPrefixSchema = z
  .string()
  .max(1024)
  .refine(
    (p) => [...p].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f),
    'prefix has control characters',
  )
  .default('')
  .transform((p) => p.replace(/^\/+/, ''));

/** An AWS region id; it becomes part of a host name, so it is strict. */
export const AwsRegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'region looks like us-east-1');

/** A Google Cloud project id (the modern form; legacy `domain:project` ids are not accepted). */
export const GcpProjectIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id');

const OciRegionSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[a-z0-9]+){1,3}-\d{1,2}$/, 'region looks like us-ashburn-1');

const apiKey = (title: string, description: string, placeholder?: string) =>
  ApiKeySchema.meta(meta({ title, description, secret: true, placeholder }));

// ---------- credentials ----------

/** AWS access keys (an IAM user's, or temporary ones with a session token). */
export const AwsCredentialSchema = z.object({
  access_key_id: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'access_key_id looks like AKIA…')
    .meta(
      meta({ title: 'Access key ID', description: "The IAM user's access key id.", placeholder: 'AKIA…' }),
    ),
  secret_access_key: z
    .string()
    .min(16)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'secret_access_key has unexpected characters')
    .meta(
      meta({
        title: 'Secret access key',
        description: 'Shown once by IAM when the key was created.',
        secret: true,
      }),
    ),
  session_token: z
    .string()
    .min(16)
    .max(4096)
    .optional()
    .meta(
      meta({
        title: 'Session token',
        description: 'Only for temporary credentials (STS).',
        secret: true,
        format: 'multiline',
      }),
    ),
});
export type AwsCredential = z.infer<typeof AwsCredentialSchema>;

/** A service-account key file as downloaded from IAM; `token_uri` is ignored (we call GCP_OAUTH_TOKEN_URL only). */
export const ServiceAccountSchema = z
  .looseObject({
    type: z.literal('service_account'),
    project_id: GcpProjectIdSchema,
    private_key_id: z.string().regex(/^[A-Za-z0-9]{8,128}$/, 'private_key_id must be the key id'),
    private_key: z
      .string()
      .includes('PRIVATE KEY-----', { message: 'private_key must be a PEM private key' }),
    client_email: z.email(),
  })
  .meta(
    meta({
      title: 'Service account key (JSON)',
      description:
        'The JSON key file of a service account, as downloaded from IAM → Service accounts → Keys.',
      secret: true,
      format: 'json-file',
    }),
  );
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

/** An Azure service principal (app registration) with a client secret. */
export const AzureServicePrincipalSchema = z.object({
  tenant_id: z
    .string()
    .regex(/^([0-9a-f-]{36}|[A-Za-z0-9.-]{3,253})$/i, 'tenant_id must be a GUID or domain')
    .meta(meta({ title: 'Tenant ID', description: 'Directory (tenant) id: a GUID or the tenant domain.' })),
  client_id: z
    .uuid({ message: 'client_id must be a GUID' })
    .meta(meta({ title: 'Client ID', description: "The app registration's application (client) id." })),
  client_secret: z
    .string()
    .min(8)
    .max(1024)
    .meta(
      meta({ title: 'Client secret', description: "A client secret's value (not its id).", secret: true }),
    ),
});

/** An OCI API signing key of a user. */
export const OciApiSigningKeySchema = z.object({
  tenancy_ocid: z
    .string()
    .regex(/^ocid1\.tenancy\.[a-z0-9._-]+$/i, 'tenancy_ocid looks like ocid1.tenancy.oc1..…')
    .meta(
      meta({
        title: 'Tenancy OCID',
        description: 'The tenancy the reports belong to.',
        placeholder: 'ocid1.tenancy.oc1..',
      }),
    ),
  user_ocid: z
    .string()
    .regex(/^ocid1\.user\.[a-z0-9._-]+$/i, 'user_ocid looks like ocid1.user.oc1..…')
    .meta(
      meta({
        title: 'User OCID',
        description: 'The user the API key belongs to.',
        placeholder: 'ocid1.user.oc1..',
      }),
    ),
  fingerprint: z
    .string()
    .regex(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i, 'fingerprint looks like 12:34:…:ef')
    .meta(
      meta({
        title: 'Key fingerprint',
        description: "The API key's fingerprint shown by the console.",
        placeholder: '12:34:…:ef',
      }),
    ),
  private_key: z
    .string()
    .includes('PRIVATE KEY-----', { message: 'private_key must be a PEM private key' })
    .meta(
      meta({
        title: 'Private key (PEM)',
        description: 'The API signing private key file (.pem).',
        secret: true,
        format: 'pem-file',
      }),
    ),
  passphrase: z
    .string()
    .optional()
    .meta(
      meta({ title: 'Passphrase', description: 'Only when the private key is encrypted.', secret: true }),
    ),
  region: OciRegionSchema.meta(
    meta({ title: 'Region', description: 'The home region.', placeholder: 'us-ashburn-1' }),
  ),
});

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

/** A table id `project.dataset.table`, identifiers only: it is interpolated (backquoted) into the dry-run SQL. */
const TABLE = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z0-9_]{1,1024})\.([A-Za-z0-9_]{1,1024})$/;

export const GcpConfigSchema = z.object({
  billing_export_table: z
    .string()
    .regex(TABLE, 'billing_export_table must be project.dataset.table')
    .meta(
      meta({
        title: 'Billing export table',
        description: 'The detailed Cloud Billing export table in BigQuery.',
        placeholder: 'my-project.billing.gcp_billing_export_resource_v1_XXXXXX_XXXXXX_XXXXXX',
      }),
    ),
  focus_export_table: z
    .string()
    .regex(TABLE, 'focus_export_table must be project.dataset.table')
    .optional()
    .meta(
      meta({ title: 'FOCUS export table', description: 'The FOCUS view or table over the billing export.' }),
    ),
  commitment_table: z
    .string()
    .regex(TABLE, 'commitment_table must be project.dataset.table')
    .optional()
    .meta(meta({ title: 'Commitment table', description: 'The FOCUS 1.3 Contract Commitment table.' })),
  job_project_id: GcpProjectIdSchema.optional().meta(
    meta({
      title: 'Query project',
      description: "Project that runs (and pays for) queries; the service account's own project when empty.",
    }),
  ),
});

export const AwsConfigSchema = z.object({
  export_bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'export_bucket must be an S3 bucket name')
    .meta(
      meta({
        title: 'Export bucket',
        description: 'S3 bucket of the CUR 2.0 / Data Exports (FOCUS) export.',
      }),
    ),
  export_prefix: ObjectPrefixSchema.meta(
    meta({ title: 'Export prefix', description: 'Key prefix of the export inside the bucket.' }),
  ),
  commitment_prefix: ObjectPrefixSchema.optional().meta(
    meta({ title: 'Commitment prefix', description: 'Prefix of the FOCUS 1.3 Contract Commitment dataset.' }),
  ),
  region: AwsRegionSchema.default('us-east-1').meta(
    meta({ title: 'Region', description: "The bucket's region." }),
  ),
});

export const AzureConfigSchema = z.object({
  storage_account: z.string().meta(
    meta({
      title: 'Storage account',
      description: 'The storage account the Cost Management export writes to.',
    }),
  ),
  container: z
    .string()
    .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'container must be an Azure container name')
    .meta(meta({ title: 'Container', description: "The export's blob container." })),
  path: ObjectPrefixSchema.meta(
    meta({ title: 'Path', description: 'Blob prefix of the Cost Management export.' }),
  ),
  commitment_path: ObjectPrefixSchema.optional().meta(
    meta({
      title: 'Commitment path',
      description: 'Blob prefix of the FOCUS 1.3 Contract Commitment dataset.',
    }),
  ),
  azure_blob_endpoint: z
    .string()
    .optional()
    .meta(
      meta({
        title: 'Blob endpoint (local only)',
        description:
          'A local server standing in for the storage account (Azurite style); refused in production.',
      }),
    ),
});

export const OciConfigSchema = z.object({
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'namespace must be an Object Storage namespace')
    .default('bling')
    .meta(meta({ title: 'Namespace', description: "Cost reports live in Oracle's namespace bling." })),
  bucket: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,256}$/, 'bucket must be an Object Storage bucket name')
    .optional()
    .meta(
      meta({ title: 'Bucket', description: 'The reports bucket; named after the tenancy OCID when empty.' }),
    ),
  region: OciRegionSchema.optional().meta(
    meta({
      title: 'Region',
      description: "The reports bucket's region; the credential's region when empty.",
    }),
  ),
});

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
