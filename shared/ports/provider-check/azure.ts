import { z } from 'zod';
import {
  AzureConfigSchema as ConfigSchema,
  AzureServicePrincipalSchema as ServicePrincipalSchema,
} from '../../contracts/provider-schemas.js';
import { defineAdapter, type CredentialKind } from './define.js';
import { callProvider, form, parseBody, unreachable, joinUrl } from './http.js';
import { azureContainerUrl } from './ssrf.js';

/** A service principal's client secret: scrubbed, and what fingerprints it. */
const servicePrincipal: CredentialKind<z.infer<typeof ServicePrincipalSchema>> = {
  schema: ServicePrincipalSchema,
  secrets: (c) => [c.client_secret],
  fingerprintSource: (c) => c.client_secret,
};

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
