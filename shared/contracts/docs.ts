import { z } from 'zod';
import { route } from './route.js';
import { EmptyQuerySchema } from './common.js';

export const docsRoutes = {
  openapi: route({
    id: 'docs.openapi',
    method: 'GET',
    path: '/api/v1/openapi.json',
    summary: 'The OpenAPI 3.1 document, generated from the route contracts.',
    auth: 'public',
    query: EmptyQuerySchema,
    response: z.record(z.string(), z.unknown()),
  }),
  page: route({
    id: 'docs.page',
    method: 'GET',
    path: '/api/v1/docs',
    summary: 'A readable API reference page.',
    auth: 'public',
    query: EmptyQuerySchema,
    response: z.string(),
  }),
};
