import { z } from 'zod';
import { ObjectPrefixSchema, defineAdapter, type CredentialKind } from './define.js';
import { callProvider, form, parseBody, unreachable, joinUrl } from './http.js';
import { azureContainerUrl } from './ssrf.js';

const ServicePrincipalSchema = z.object({
  tenant_id: z
    .string()
    .regex(/^([0-9a-f-]{36}|[A-Za-z0-9.-]{3,253})$/i, 'tenant_id must be a GUID or domain'),
  client_id: z.uuid({ message: 'client_id must be a GUID' }),
  client_secret: z.string().min(8).max(1024),
});

/** A service principal's client secret: scrubbed, and what fingerprints it. */
const servicePrincipal: CredentialKind<z.infer<typeof ServicePrincipalSchema>> = {
  schema: ServicePrincipalSchema,
  secrets: (c) => [c.client_secret],
  fingerprintSource: (c) => c.client_secret,
};

const ConfigSchema = z.object({
  storage_account: z.string(),
  container: z
    .string()
    .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'container must be an Azure container name'),
  /** Blob prefix of the Cost Management export. */
  path: ObjectPrefixSchema,
  /** Blob prefix of the FOCUS 1.3 Contract Commitment dataset (pipeline azure/cost/focus). */
  commitment_path: ObjectPrefixSchema.optional(),
  /** Local server standing in for `https://<account>.blob.core.windows.net` (Azurite style); refused in production. */
  azure_blob_endpoint: z.string().optional(),
});

const TokenSchema = z.object({ access_token: z.string().min(1) });

/**
 * Azure service principal: client-credentials token for https://storage.azure.com/.default, then List Blobs
 * (maxresults=1) in the export container.
 */
export const azureAdapter = defineAdapter('azure', 'Azure', {
  credential: servicePrincipal,
  configSchema: ConfigSchema,
  async check(cred, config, ctx) {
    const container = azureContainerUrl(
      config.storage_account,
      config.container,
      config.azure_blob_endpoint,
      ctx.endpoints.ENVIRONMENT,
    );
    if (!container.ok) return container;
    const tokenStep = 'client credentials token';
    const tokenRes = await callProvider(
      ctx,
      tokenStep,
      joinUrl(ctx.endpoints.AZURE_AUTHORITY_HOST, `${cred.tenant_id}/oauth2/v2.0/token`),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form({
          grant_type: 'client_credentials',
          client_id: cred.client_id,
          client_secret: cred.client_secret,
          scope: 'https://storage.azure.com/.default',
        }),
      },
    );
    if (!tokenRes.ok) return tokenRes;
    const { access_token: token } = parseBody(ctx, tokenStep, tokenRes.response, TokenSchema);
    const listCtx = { ...ctx, secrets: [...ctx.secrets, token] };
    const step = `list blobs in ${config.storage_account}/${config.container}`;
    const query = `restype=container&comp=list&maxresults=1&prefix=${encodeURIComponent(config.path)}`;
    const res = await callProvider(listCtx, step, `${container.url}?${query}`, {
      headers: { Authorization: `Bearer ${token}`, 'x-ms-version': '2023-11-03' },
    });
    if (!res.ok) return res;
    if (!res.response.text.includes('<EnumerationResults')) {
      throw unreachable(listCtx, step, 'answered in an unexpected format.');
    }
    return {
      ok: true,
      account_id: cred.tenant_id,
      details: {
        storage_account: config.storage_account,
        container: config.container,
        blobs_found: res.response.text.includes('<Blob>'),
      },
    };
  },
});
