import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';
import { apiErrorOf } from './errors.js';

export type Api = ReturnType<typeof createClient<paths>>;

/**
 * The typed API client: every call carries the signed-in user's access token, and a failed call throws an
 * ApiError (so TanStack Query sees it as an error), never returns an error body to check.
 */
export function createApi(baseUrl: string, accessToken: () => Promise<string | undefined>): Api {
  const api = createClient<paths>({ baseUrl });
  const middleware: Middleware = {
    async onRequest({ request }) {
      const token = await accessToken();
      if (token && !request.headers.has('authorization'))
        request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (!response.ok) throw await apiErrorOf(response);
      return response;
    },
  };
  api.use(middleware);
  return api;
}
