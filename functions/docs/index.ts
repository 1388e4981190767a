import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { docsRoutes } from '../../shared/contracts/docs.js';
import { buildOpenApi } from '../../shared/openapi/document.js';
import { renderDocsPage } from '../../shared/openapi/page.js';
import { reply } from '../../shared/http/respond.js';
import { deployHttp } from '../../shared/runtime/deploy.js';
import { httpEntries } from '../registry.js';

const publicRoutes = () => httpEntries.filter((e) => !e.localOnly).flatMap((e) => e.routes);

const docs = createHttpFunction('docs', [
  handle(docsRoutes.openapi, async ({ ctx }) => buildOpenApi(publicRoutes(), ctx.config.version)),
  handle(docsRoutes.page, async ({ ctx }) =>
    reply(200, renderDocsPage(buildOpenApi(publicRoutes(), ctx.config.version)), {
      'content-type': 'text/html; charset=utf-8',
    }),
  ),
]);

export default deployHttp(docs);
