import { z } from 'zod';
import type { RouteContract } from '../contracts/route.js';
import { isOrgScoped } from '../contracts/route.js';
import { ErrorSchema } from '../contracts/common.js';

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const SECURITY: Record<string, Record<string, string[]>> = {
  root: { rootKey: [] },
  apiKey: { orgApiKey: [] },
  user: { userJwt: [] },
};

const ERRORS: Record<string, string> = {
  '400': 'Invalid input (VALIDATION_ERROR; details lists each bad field).',
  '401': 'Missing or invalid credentials.',
  '403': 'Valid credentials for another org, or a role too low.',
  '404': 'Not found.',
  '409': 'Conflict.',
  '413': 'Body too large.',
};

/** Builds the OpenAPI 3.1 document from route contracts: parameters, bodies, responses, auth, examples. */
export function buildOpenApi(routes: readonly RouteContract[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  for (const r of routes) {
    const params = [...paramList(r.params, 'path'), ...paramList(r.query, 'query')];
    const status = String(r.status ?? 200);
    const op: Record<string, unknown> = {
      operationId: r.id,
      summary: r.summary,
      tags: [r.id.split('.')[0]],
      parameters: params,
      security: r.auth === 'public' ? [] : r.auth.map((a) => SECURITY[a]),
      responses: {
        [status]: {
          description: 'Success',
          content: { 'application/json': { schema: schemaOf(r.response, 'output') } },
        },
        ...Object.fromEntries(
          Object.entries(ERRORS)
            .filter(([code]) => (code === '401' || code === '403' ? r.auth !== 'public' : true))
            .map(([code, description]) => [
              code,
              { description, content: { 'application/json': { schema: errorRef } } },
            ]),
        ),
      },
      ...(r.minRole && isOrgScoped(r) ? { 'x-min-role': r.minRole } : {}),
    };
    if (r.body) {
      op.requestBody = {
        required: true,
        content: {
          'application/json': {
            schema: schemaOf(r.body, 'input'),
            ...(r.example?.body === undefined ? {} : { example: r.example.body }),
          },
        },
      };
    }
    if (r.rawBody) {
      // Taken as its exact bytes (a signature covers them), so no schema is enforced here.
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
      };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CloudAct API',
      version,
      description:
        'GenAI, cloud and SaaS cost platform. Errors always have the shape in components/schemas/Error.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: schemaOf(ErrorSchema, 'output') },
      securitySchemes: {
        rootKey: { type: 'apiKey', in: 'header', name: 'X-CA-Root-Key', description: 'Operator key.' },
        orgApiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'Org API key (acts as org admin).',
        },
        userJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Supabase user access token.',
        },
      },
    },
  };
}

function paramList(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}
