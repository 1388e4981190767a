import { randomUUID } from 'node:crypto';
import { decodeJwt, importSPKI, jwtVerify } from 'jose';
import { allows, bearer, json, type FakeRequest, type FakeRoute, type FakeState } from './route.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const oauthError = (status: number, error: string, description: string) =>
  json(status, { error, error_description: description });
const googleError = (code: number, status: string, message: string) =>
  json(code, { error: { code, message, status } });

/** Google's token endpoint: RFC 7523 assertion signed by a registered service-account key. */
async function token(req: FakeRequest, state: FakeState) {
  const form = new URLSearchParams(req.body);
  if (form.get('grant_type') !== JWT_BEARER)
    return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type: ');
  const assertion = form.get('assertion') ?? '';
  let iss: string | undefined;
  try {
    iss = decodeJwt(assertion).iss;
  } catch {
    return oauthError(
      400,
      'invalid_request',
      'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
    );
  }
  const account = state.valid.google.find((a) => a.client_email === iss);
  if (!account) return oauthError(400, 'invalid_grant', 'Invalid grant: account not found');
  try {
    const key = await importSPKI(account.public_key, 'RS256');
    await jwtVerify(assertion, key, { issuer: iss, audience: `${state.url}/google/token` });
  } catch {
    return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
  }
  const accessToken = `ya29.fake-${randomUUID()}`;
  state.tokens.set(accessToken, { principal: account.client_email, access: account.access });
  return json(200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
}

const unauthenticated = () =>
  googleError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  );

/** BigQuery `jobs.insert`: dry runs only; `access` lists readable tables (`project.dataset.table`). */
function bigqueryJob(req: FakeRequest, state: FakeState) {
  const principal = state.tokens.get(bearer(req) ?? '');
  if (!principal) return unauthenticated();
  const body = JSON.parse(req.body || '{}') as {
    configuration?: { dryRun?: boolean; query?: { query?: string } };
  };
  if (body.configuration?.dryRun !== true)
    return googleError(400, 'INVALID_ARGUMENT', 'The fake runs dry runs only.');
  const table = /FROM `([^`]+)`/.exec(body.configuration.query?.query ?? '')?.[1] ?? '';
  if (!allows(principal.access, table)) {
    const t = table.replace('.', ':');
    const message = `Access Denied: Table ${t}: User does not have permission to query table ${t}, or perhaps it does not exist.`;
    return googleError(403, 'PERMISSION_DENIED', message);
  }
  const projectId = req.params[0];
  return json(200, {
    kind: 'bigquery#job',
    jobReference: { projectId, location: 'US' },
    configuration: body.configuration,
    status: { state: 'DONE' },
    statistics: { totalBytesProcessed: '0', query: { totalBytesProcessed: '0', cacheHit: false } },
  });
}

/** Vertex AI `projects.locations.endpoints.list` (an empty list is `{}`, as Google answers). */
function vertexEndpoints(req: FakeRequest, state: FakeState) {
  const principal = state.tokens.get(bearer(req) ?? '');
  if (!principal) return unauthenticated();
  const project = req.params[0] ?? '';
  if (!allows(principal.access, project)) {
    const message = `Permission 'aiplatform.endpoints.list' denied on resource '//aiplatform.googleapis.com/projects/${project}/locations/${req.params[1]}' (or it may not exist).`;
    return googleError(403, 'PERMISSION_DENIED', message);
  }
  return json(200, {});
}

/** Routes of Google's OAuth, BigQuery and Vertex AI APIs. */
export const googleRoutes: FakeRoute[] = [
  { service: 'google_oauth', method: 'POST', path: /^\/google\/token$/, handle: token },
  {
    service: 'bigquery',
    method: 'POST',
    path: /^\/bq\/bigquery\/v2\/projects\/([^/]+)\/jobs$/,
    handle: bigqueryJob,
  },
  {
    service: 'vertex',
    method: 'GET',
    path: /^\/vertex\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/endpoints$/,
    handle: vertexEndpoints,
  },
];
