import aws4 from 'aws4';
import { AwsCredentialSchema, type AwsCredential } from '../../contracts/provider-schemas.js';
import type { z } from 'zod';
import { defineAdapter, type CredentialKind } from './define.js';
import { xmlText } from './error-message.js';
import {
  callProvider,
  form,
  unreachable,
  type CallContext,
  type CallResult,
  type ProviderResponse,
} from './http.js';
import type { Provider, ProviderAdapter, ValidationDetails } from './port.js';

export {
  AwsCredentialSchema,
  AwsRegionSchema,
  type AwsCredential,
} from '../../contracts/provider-schemas.js';

/** AWS access keys: the secret key and session token are scrubbed; the access key id fingerprints them. */
export const awsKeysCredential: CredentialKind<AwsCredential> = {
  schema: AwsCredentialSchema,
  secrets: (c) => [c.secret_access_key, ...(c.session_token ? [c.session_token] : [])],
  fingerprintSource: (c) => c.access_key_id,
};

/** `https://{host}.{region}.amazonaws.com`, or AWS_ENDPOINT_URL (one endpoint for all services, as LocalStack). */
export function awsBaseUrl(ctx: CallContext, host: string, region: string): string {
  const override = ctx.endpoints.AWS_ENDPOINT_URL;
  if (override) return override.replace(/\/+$/, '');
  return `https://${host}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

export interface AwsRequest {
  service: string;
  region: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
}

/** Signs with SigV4 (the `aws4` library) and calls through callProvider. */
export function awsCall(
  ctx: CallContext,
  step: string,
  cred: AwsCredential,
  req: AwsRequest,
): Promise<CallResult> {
  const url = new URL(req.url);
  // Content-Length is left unsigned (aws4 would sign it; fetch computes it), as the AWS SDKs do.
  const request: aws4.Request & { extraHeadersToIgnore: Record<string, boolean> } = {
    service: req.service,
    region: req.region,
    method: req.method ?? 'GET',
    host: url.host,
    path: `${url.pathname}${url.search}`,
    body: req.body,
    extraHeadersToIgnore: { 'content-length': true },
  };
  const signed = aws4.sign(request, {
    accessKeyId: cred.access_key_id,
    secretAccessKey: cred.secret_access_key,
    sessionToken: cred.session_token,
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    // fetch sets Host and Content-Length itself, from the same URL and body that were signed.
    if (value !== undefined && !/^(host|content-length)$/i.test(name)) headers[name] = String(value);
  }
  return callProvider(ctx, step, url, { method: req.method ?? 'GET', headers, body: req.body });
}

/** Who the keys belong to: `sts:GetCallerIdentity` (free, needs no IAM permission). */
export async function getCallerIdentity(
  ctx: CallContext,
  cred: AwsCredential,
  region: string,
): Promise<{ ok: true; account: string; arn: string } | { ok: false; reason: string }> {
  const step = 'sts:GetCallerIdentity';
  const res = await awsCall(ctx, step, cred, {
    service: 'sts',
    region,
    method: 'POST',
    url: `${awsBaseUrl(ctx, 'sts', region)}/`,
    body: form({ Action: 'GetCallerIdentity', Version: '2011-06-15' }),
  });
  if (!res.ok) return res;
  const account = xmlText(res.response.text, 'Account');
  const arn = xmlText(res.response.text, 'Arn');
  if (!account || !arn) throw unreachable(ctx, step, 'answered in an unexpected format.');
  return { ok: true, account, arn };
}

/** The signed GET an AWS-keys adapter makes after `sts:GetCallerIdentity`; `step` names it in messages. */
export interface AwsProbe {
  step: string;
  service: string;
  url: string;
}

/** What an AWS-keys adapter states: its config (with the region), the probe, and the details its answer tells. */
export interface AwsKeysCheck<K extends { region: string }> {
  configSchema: z.ZodType<K>;
  probe(config: K, ctx: CallContext): AwsProbe;
  /** Details read from the probe's 2xx answer (after the caller's ARN); an unexpected answer throws. */
  details(response: ProviderResponse, config: K, ctx: CallContext, step: string): ValidationDetails;
}

/** An AWS access-keys adapter: `sts:GetCallerIdentity` in the config's region (the account), then the probe. */
export function awsKeysAdapter<K extends { region: string }>(
  provider: Provider,
  label: string,
  spec: AwsKeysCheck<K>,
): ProviderAdapter {
  return defineAdapter(provider, label, {
    credential: awsKeysCredential,
    configSchema: spec.configSchema,
    async check(cred, config, ctx) {
      const identity = await getCallerIdentity(ctx, cred, config.region);
      if (!identity.ok) return identity;
      const { step, service, url } = spec.probe(config, ctx);
      const res = await awsCall(ctx, step, cred, { service, region: config.region, url });
      if (!res.ok) return res;
      const details = spec.details(res.response, config, ctx, step);
      return { ok: true, account_id: identity.account, details: { arn: identity.arn, ...details } };
    },
  });
}
