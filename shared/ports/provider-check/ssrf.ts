import type { ProviderEndpoints } from './port.js';

type Environment = ProviderEndpoints['ENVIRONMENT'];

/** A URL we may call, or why we refuse to (the refusal is a failed validation, not a provider call). */
export type EndpointCheck = { ok: true; url: string } | { ok: false; reason: string };

const NON_PRODUCTION: ReadonlySet<Environment> = new Set<Environment>(['local', 'test', 'development']);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const AZURE_OPENAI_HOST =
  /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\.(?:openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/;
/** Azure storage account names: 3-24 lowercase letters and digits (so they are safe as a DNS label). */
export const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;

/** Local test servers are accepted only in local, test and development environments. */
export const allowsLocalEndpoints = (env: Environment) => NON_PRODUCTION.has(env);

function parse(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.username || url.password || url.search || url.hash ? undefined : url;
  } catch {
    return undefined;
  }
}

/** `http(s)://127.0.0.1:<port>[/path]` or `localhost`, outside production only; returned without a trailing slash. */
export function checkLocalEndpoint(raw: string, env: Environment, what: string): EndpointCheck {
  if (!allowsLocalEndpoints(env))
    return { ok: false, reason: `${what} is only accepted outside production.` };
  const url = parse(raw);
  const local = url && /^https?:$/.test(url.protocol) && LOCAL_HOSTS.has(url.hostname) && url.port !== '';
  if (!url || !local)
    return { ok: false, reason: `${what} must be http://127.0.0.1:<port> or http://localhost:<port>.` };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** An Azure OpenAI / Foundry resource endpoint: https on Microsoft's domains (local servers outside production). */
export function checkAzureOpenAIEndpoint(raw: string, env: Environment): EndpointCheck {
  const url = parse(raw);
  if (url && allowsLocalEndpoints(env) && LOCAL_HOSTS.has(url.hostname)) {
    return checkLocalEndpoint(raw, env, 'endpoint');
  }
  const valid =
    url &&
    url.protocol === 'https:' &&
    (url.port === '' || url.port === '443') &&
    url.pathname === '/' &&
    AZURE_OPENAI_HOST.test(url.hostname);
  if (!valid) {
    return {
      ok: false,
      reason:
        'endpoint must be https://<resource>.openai.azure.com, .cognitiveservices.azure.com or .services.ai.azure.com.',
    };
  }
  return { ok: true, url: url.origin };
}

/** The container URL `https://<account>.blob.core.windows.net/<container>`, or `<override>/<account>/<container>`. */
export function azureContainerUrl(
  account: string,
  container: string,
  override: string | undefined,
  env: Environment,
): EndpointCheck {
  if (!STORAGE_ACCOUNT.test(account)) {
    return { ok: false, reason: 'storage_account must be 3-24 lowercase letters and digits.' };
  }
  if (override === undefined)
    return { ok: true, url: `https://${account}.blob.core.windows.net/${container}` };
  // Azurite-style path addressing for local servers.
  const local = checkLocalEndpoint(override, env, 'azure_blob_endpoint');
  return local.ok ? { ok: true, url: `${local.url}/${account}/${container}` } : local;
}
