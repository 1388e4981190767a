import { randomUUID } from 'node:crypto';
import {
  allows,
  bearer,
  header,
  json,
  xml,
  type FakeRequest,
  type FakeRoute,
  type FakeState,
} from './route.js';

const aadError = (status: number, error: string, code: number, description: string) =>
  json(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
  });

/** Entra ID v2 token endpoint, client-credentials grant. */
function token(req: FakeRequest, state: FakeState) {
  const form = new URLSearchParams(req.body);
  const tenant = req.params[0] ?? '';
  const clientId = form.get('client_id') ?? '';
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }
  const apps = state.valid.azure.filter((a) => a.tenant_id === tenant);
  if (apps.length === 0) return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  const app = apps.find((a) => a.client_id === clientId);
  if (!app) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    );
  }
  if (app.client_secret !== form.get('client_secret')) {
    return aadError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const accessToken = `fake-azure-${randomUUID()}`;
  state.tokens.set(accessToken, { principal: clientId, access: app.access });
  return json(200, {
    token_type: 'Bearer',
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: accessToken,
  });
}

const storageError = (status: number, code: string, message: string) =>
  xml(
    status,
    `<Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`,
  );

/** Blob service List Blobs, Azurite-style path addressing `/<account>/<container>`. */
function listBlobs(req: FakeRequest, state: FakeState) {
  const [account = '', container = ''] = req.params;
  if (!header(req, 'x-ms-version')) {
    return storageError(
      400,
      'MissingRequiredHeader',
      "An HTTP header that's mandatory for this request is not specified.",
    );
  }
  const principal = state.tokens.get(bearer(req) ?? '');
  if (!principal) {
    return storageError(
      401,
      'InvalidAuthenticationInfo',
      'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
    );
  }
  if (req.query.get('restype') !== 'container' || req.query.get('comp') !== 'list') {
    return storageError(
      400,
      'InvalidQueryParameterValue',
      'Value for one of the query parameters specified in the request URI is invalid.',
    );
  }
  if (!allows(principal.access, `${account}/${container}`)) {
    return storageError(
      403,
      'AuthorizationPermissionMismatch',
      'This request is not authorized to perform this operation using this permission.',
    );
  }
  const prefix = req.query.get('prefix') ?? '';
  return xml(
    200,
    `<EnumerationResults ServiceEndpoint="${state.url}/azure-blob/${account}/" ContainerName="${container}"><Prefix>${prefix}</Prefix><MaxResults>1</MaxResults><Blobs><Blob><Name>${prefix}cost-export/part_0_0001.csv.gz</Name><Properties><Content-Length>1024</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob></Blobs><NextMarker /></EnumerationResults>`,
  );
}

/** Routes of Entra ID (AZURE_AUTHORITY_HOST = `<fake>/azure-login`) and Blob storage (`<fake>/azure-blob`). */
export const azureRoutes: FakeRoute[] = [
  {
    service: 'azure_login',
    method: 'POST',
    path: /^\/azure-login\/([^/]+)\/oauth2\/v2\.0\/token$/,
    handle: token,
  },
  {
    service: 'azure_blob',
    method: 'GET',
    path: /^\/azure-blob\/([a-z0-9]+)\/([a-z0-9-]+)$/,
    handle: listBlobs,
  },
];
