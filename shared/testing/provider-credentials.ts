import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const upper = (n: number) =>
  randomBytes(n)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'A')
    .toUpperCase()
    .slice(0, n);

function rsaPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A Google service-account key file and the public key the fake verifies its assertions with. */
export function testServiceAccount(projectId = 'cloudact-test-1') {
  const { privatePem, publicPem } = rsaPair();
  const credential = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: hex(20),
    private_key: privatePem,
    client_email: `validator@${projectId}.iam.gserviceaccount.com`,
    client_id: '100000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  return { credential, fake: { client_email: credential.client_email, public_key: publicPem } };
}

/** AWS access keys (`AKIA…`) and the account the fake's STS reports for them. */
export function testAwsKeys(account = '123456789012') {
  const credential = {
    access_key_id: `AKIA${upper(16)}`,
    secret_access_key: randomBytes(30).toString('base64'),
  };
  return { credential, fake: { ...credential, account } };
}

/** An Azure service principal (tenant, client id, client secret). */
export function testAzureApp() {
  return {
    tenant_id: randomUUID(),
    client_id: randomUUID(),
    client_secret: `Qx8~${randomBytes(24).toString('base64url')}`,
  };
}

/** An OCI API signing key for a user; `fake.key_id` is `tenancy/user/fingerprint`. */
export function testOciKey(region = 'us-ashburn-1') {
  const { privatePem, publicPem } = rsaPair();
  const fingerprint = (hex(16).match(/../g) ?? []).join(':');
  const credential = {
    tenancy_ocid: `ocid1.tenancy.oc1..aaaa${hex(12)}`,
    user_ocid: `ocid1.user.oc1..aaaa${hex(12)}`,
    fingerprint,
    private_key: privatePem,
    region,
  };
  const keyId = `${credential.tenancy_ocid}/${credential.user_ocid}/${fingerprint}`;
  return { credential, fake: { key_id: keyId, public_key: publicPem } };
}

/** A random API key with a provider-like prefix (`sk-admin-`, `sk-ant-admin01-`, `AIza`…). */
export const testApiKey = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;
