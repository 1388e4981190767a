import { z } from 'zod';
import { defineAdapter } from './adapter.js';
import {
  AwsCredentialSchema,
  AwsRegionSchema,
  awsBaseUrl,
  awsCall,
  awsSecrets,
  getCallerIdentity,
} from './aws-sign.js';
import { parseBody } from './http.js';

const ConfigSchema = z.object({ region: AwsRegionSchema.default('us-east-1') });
const ModelsSchema = z.object({ modelSummaries: z.array(z.object({ modelId: z.string() })) });

/** Bedrock (AWS access keys): `sts:GetCallerIdentity`, then `bedrock:ListFoundationModels` in the region. */
export const bedrockAdapter = defineAdapter({
  provider: 'bedrock',
  label: 'Amazon Bedrock',
  kind: 'genai',
  credentialSchema: AwsCredentialSchema,
  configSchema: ConfigSchema,
  secrets: awsSecrets,
  fingerprintSource: (c) => c.access_key_id,
  async check(cred, config, ctx) {
    const identity = await getCallerIdentity(ctx, cred, config.region);
    if (!identity.ok) return identity;
    const step = 'bedrock:ListFoundationModels';
    const res = await awsCall(ctx, step, cred, {
      service: 'bedrock',
      region: config.region,
      url: `${awsBaseUrl(ctx, 'bedrock', config.region)}/foundation-models`,
    });
    if (!res.ok) return res;
    const body = parseBody(ctx, step, res.response, ModelsSchema);
    return {
      ok: true,
      account_id: identity.account,
      details: { arn: identity.arn, region: config.region, foundation_models: body.modelSummaries.length },
    };
  },
});
