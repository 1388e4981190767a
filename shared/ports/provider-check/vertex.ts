import { z } from 'zod';
import { VertexConfigSchema as ConfigSchema } from '../../contracts/provider-schemas.js';
import { defineAdapter } from './define.js';
import { CLOUD_PLATFORM_SCOPE, serviceAccountCredential, serviceAccountToken } from './google-token.js';
import { callProvider, parseBody } from './http.js';
import { checkLocalEndpoint } from './ssrf.js';

const EndpointsSchema = z.object({ endpoints: z.array(z.object({ name: z.string() })).default([]) });

/**
 * Vertex AI (GCP service account): token exchange, then `GET /v1/projects/{p}/locations/{l}/endpoints?pageSize=1`
 * (free; needs aiplatform.endpoints.list and the Vertex AI API enabled, which Google's 403 says when it is not).
 */
export const vertexAdapter = defineAdapter('vertex', 'Vertex AI', {
  credential: serviceAccountCredential,
  configSchema: ConfigSchema,
  async check(sa, config, ctx) {
    let base = `https://${config.location === 'global' ? '' : `${config.location}-`}aiplatform.googleapis.com`;
    if (config.vertex_endpoint !== undefined) {
      const local = checkLocalEndpoint(config.vertex_endpoint, ctx.endpoints.ENVIRONMENT, 'vertex_endpoint');
      if (!local.ok) return local;
      base = local.url;
    }
    const token = await serviceAccountToken(ctx, sa, CLOUD_PLATFORM_SCOPE);
    if (!token.ok) return token;
    const project = config.project_id ?? sa.project_id;
    const step = `list endpoints in ${project}/${config.location}`;
    const url = `${base}/v1/projects/${project}/locations/${config.location}/endpoints?pageSize=1`;
    const res = await callProvider(token.ctx, step, url, {
      headers: { Authorization: `Bearer ${token.token}` },
    });
    if (!res.ok) return res;
    const body = parseBody(token.ctx, step, res.response, EndpointsSchema);
    return {
      ok: true,
      account_id: project,
      details: {
        service_account: sa.client_email,
        location: config.location,
        endpoints_listed: body.endpoints.length,
      },
    };
  },
});
