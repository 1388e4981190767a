/**
 * The cloud providers' credential and config shapes (Google Cloud, AWS, Azure, Oracle Cloud), each field with its
 * form metadata. Part of the catalogue in shared/contracts/provider-schemas.ts, which re-exports them.
 */
import { z } from 'zod';
import { AwsRegionSchema, GcpProjectIdSchema, meta, ObjectPrefixSchema } from './provider-fields.js';

const OciRegionSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[a-z0-9]+){1,3}-\d{1,2}$/, 'region looks like us-ashburn-1');

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
