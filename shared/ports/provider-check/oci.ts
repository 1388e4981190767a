import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { defineAdapter, type CredentialKind } from './define.js';
import { callProvider, parseBody } from './http.js';
import { ociSignedHeaders } from './oci-sign.js';

const OciRegionSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[a-z0-9]+){1,3}-\d{1,2}$/, 'region looks like us-ashburn-1');

const ApiSigningKeySchema = z.object({
  tenancy_ocid: z
    .string()
    .regex(/^ocid1\.tenancy\.[a-z0-9._-]+$/i, 'tenancy_ocid looks like ocid1.tenancy.oc1..…'),
  user_ocid: z.string().regex(/^ocid1\.user\.[a-z0-9._-]+$/i, 'user_ocid looks like ocid1.user.oc1..…'),
  fingerprint: z.string().regex(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i, 'fingerprint looks like 12:34:…:ef'),
  private_key: z.string().includes('PRIVATE KEY-----', { message: 'private_key must be a PEM private key' }),
  passphrase: z.string().optional(),
  region: OciRegionSchema,
});

/** An API signing key: the private key and its passphrase are scrubbed; the key's fingerprint identifies it. */
const apiSigningKey: CredentialKind<z.infer<typeof ApiSigningKeySchema>> = {
  schema: ApiSigningKeySchema,
  secrets: (c) => [c.private_key, ...(c.passphrase ? [c.passphrase] : [])],
  fingerprintSource: (c) => c.fingerprint,
};

const ConfigSchema = z.object({
  /** Cost and usage reports live in Oracle's namespace `bling`, in a bucket named after the tenancy OCID. */
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'namespace must be an Object Storage namespace')
    .default('bling'),
  bucket: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,256}$/, 'bucket must be an Object Storage bucket name')
    .optional(),
  region: OciRegionSchema.optional(),
});

const ObjectsSchema = z.object({ objects: z.array(z.object({ name: z.string() })) });

function loadKey(pem: string, passphrase: string | undefined): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    return undefined;
  }
}

/** OCI API signing key: a signed `GET /n/{namespace}/b/{bucket}/o?limit=1` (ListObjects) on the reports bucket. */
export const ociAdapter = defineAdapter('oci', 'Oracle Cloud', {
  credential: apiSigningKey,
  configSchema: ConfigSchema,
  async check(cred, config, ctx) {
    const key = loadKey(cred.private_key, cred.passphrase);
    if (!key)
      return {
        ok: false,
        reason: 'private_key is not a readable PEM private key (or the passphrase is wrong).',
      };
    const region = config.region ?? cred.region;
    const bucket = config.bucket ?? cred.tenancy_ocid;
    const base = (
      ctx.endpoints.OCI_ENDPOINT_URL ?? `https://objectstorage.${region}.oraclecloud.com`
    ).replace(/\/+$/, '');
    const url = new URL(`${base}/n/${config.namespace}/b/${bucket}/o?limit=1`);
    const keyId = `${cred.tenancy_ocid}/${cred.user_ocid}/${cred.fingerprint}`;
    const step = `list objects in ${config.namespace}/${bucket}`;
    const res = await callProvider(ctx, step, url, { headers: ociSignedHeaders('GET', url, keyId, key) });
    if (!res.ok) return res;
    const body = parseBody(ctx, step, res.response, ObjectsSchema);
    return {
      ok: true,
      account_id: cred.tenancy_ocid,
      details: { namespace: config.namespace, bucket, region, objects_found: body.objects.length > 0 },
    };
  },
});
