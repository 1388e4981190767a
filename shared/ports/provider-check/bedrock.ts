import { z } from 'zod';
import { BedrockConfigSchema as ConfigSchema } from '../../contracts/provider-schemas.js';
import { awsBaseUrl, awsKeysAdapter } from './aws-sign.js';
import { parseBody } from './http.js';

const ModelsSchema = z.object({ modelSummaries: z.array(z.object({ modelId: z.string() })) });

/** Bedrock (AWS access keys): `sts:GetCallerIdentity`, then `bedrock:ListFoundationModels` in the region. */
export const bedrockAdapter = awsKeysAdapter('bedrock', 'Amazon Bedrock', {
  configSchema: ConfigSchema,
  probe: (config, ctx) => ({
    step: 'bedrock:ListFoundationModels',
    service: 'bedrock',
    url: `${awsBaseUrl(ctx, 'bedrock', config.region)}/foundation-models`,
  }),
  details(response, config, ctx, step) {
    const body = parseBody(ctx, step, response, ModelsSchema);
    return { region: config.region, foundation_models: body.modelSummaries.length };
  },
});
