import { randomUUID } from 'node:crypto';
import aws4 from 'aws4';
import {
  allows,
  header,
  json,
  xml,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
  type FakeService,
  type FakeState,
} from './route.js';

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/;

type AwsService = 'sts' | 's3' | 'bedrock';

/** The service in the SigV4 credential scope decides who answers (one endpoint for all, as LocalStack). */
function serviceOf(req: FakeRequest): AwsService {
  const scope = AUTH.exec(header(req, 'authorization') ?? '')?.[4];
  return scope === 's3' || scope === 'bedrock' ? scope : 'sts';
}

/** Each service's documented error shape: STS query-XML, S3 REST-XML, Bedrock REST-JSON. */
function awsError(service: AwsService, status: number, code: string, message: string): FakeResponse {
  if (service === 'bedrock')
    return json(status, { message }, { 'x-amzn-ErrorType': `${code}:http://internal.amazon.com/coral/` });
  if (service === 's3')
    return xml(
      status,
      `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
    );
  return xml(
    status,
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Verifies SigV4 by re-signing with the registered secret; returns the key or an error response. */
function authenticate(req: FakeRequest, state: FakeState, service: AwsService) {
  const m = AUTH.exec(header(req, 'authorization') ?? '');
  if (!m)
    return awsError(service, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  const [, accessKeyId = '', , region, , signedHeaders = '', signature] = m;
  const key = state.valid.aws.find((k) => k.access_key_id === accessKeyId);
  if (!key) {
    if (service === 's3')
      return awsError(
        service,
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    const code = service === 'sts' ? 'InvalidClientTokenId' : 'UnrecognizedClientException';
    return awsError(service, 403, code, 'The security token included in the request is invalid.');
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) if (name !== 'host') headers[name] = header(req, name) ?? '';
  const request: aws4.Request & { extraHeadersToIgnore: Record<string, boolean> } = {
    service,
    region,
    method: req.method,
    host: header(req, 'host'),
    path: req.url,
    body: req.body || undefined,
    headers,
    extraHeadersToIgnore: { 'content-length': true },
  };
  const expected = String(
    aws4.sign(request, { accessKeyId, secretAccessKey: key.secret_access_key }).headers?.Authorization ?? '',
  );
  if (!expected.endsWith(`Signature=${signature}`)) {
    const code = service === 'bedrock' ? 'InvalidSignatureException' : 'SignatureDoesNotMatch';
    return awsError(service, 403, code, BAD_SIGNATURE);
  }
  return key;
}

function handle(req: FakeRequest, state: FakeState): FakeResponse {
  const service = serviceOf(req);
  const key = authenticate(req, state, service);
  if ('status' in key) return key;
  const rest = req.params[0] ?? '';
  if (service === 'sts') {
    if (new URLSearchParams(req.body).get('Action') !== 'GetCallerIdentity')
      return awsError('sts', 400, 'InvalidAction', 'Could not find operation');
    const arn = `arn:aws:iam::${key.account}:user/cloudact`;
    return xml(
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKEUSERID000001</UserId><Account>${key.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
  if (service === 'bedrock' && rest === 'foundation-models') {
    const model = {
      modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      modelName: 'Claude 3.5 Sonnet',
      providerName: 'Anthropic',
    };
    return json(200, { modelSummaries: [model] });
  }
  if (service === 's3' && /^[a-z0-9.-]+$/.test(rest) && req.query.get('list-type') === '2') {
    if (!allows(key.access, rest)) return awsError('s3', 403, 'AccessDenied', 'Access Denied');
    const prefix = req.query.get('prefix') ?? '';
    return xml(
      200,
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${rest}</Name><Prefix>${prefix}</Prefix><KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>${prefix}manifest.json</Key><Size>512</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>`,
    );
  }
  return awsError(service, 400, 'InvalidAction', `The fake has no operation for ${req.method} /${rest}`);
}

/** STS, S3 (path style) and Bedrock control plane behind AWS_ENDPOINT_URL = `<fake>/aws`. */
export const awsRoutes: FakeRoute[] = [
  { service: (req): FakeService => serviceOf(req), method: '*', path: /^\/aws\/?(.*)$/, handle },
];
