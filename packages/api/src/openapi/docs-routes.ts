import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';

import { methodNotAllowed } from '../http/middleware/method-not-allowed.js';
import { documentationContentSecurityPolicy } from '../http/middleware/security-headers.js';
import { routeOf, tagRoute } from '../http/support/route-template.js';
import type { OpenApiDocument } from './generate-document.js';

const OPENAPI_PATH = '/openapi.json';
const REDOC_SCRIPT_PATH = '/redoc/redoc.standalone.js';

const REDOC_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>proj API reference</title>
</head>
<body style="margin: 0">
  <redoc spec-url="${OPENAPI_PATH}"></redoc>
  <script src="${REDOC_SCRIPT_PATH}"></script>
</body>
</html>
`;

/**
 * ReDoc's standalone bundle (one file): the copy the build puts in dist/assets (the package ships that
 * file, not ReDoc's React dependency tree: redoc is a devDependency), else, running from the sources,
 * the one in the redoc package.
 */
export function locateRedocBundle(copy: URL = new URL('../assets/redoc.standalone.js', import.meta.url)): string {
  const copied = fileURLToPath(copy);
  // resolve() rather than a path under node_modules: pnpm puts the file under node_modules/.pnpm.
  return existsSync(copied) ? copied : createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
}

/**
 * API documentation, all from local assets (no CDN, works offline):
 * `GET /openapi.json` the document given (generated once per app), `GET /docs/` Swagger UI
 * (`/docs` redirects there, as its assets are relative), `GET /redoc` ReDoc. The pages get the
 * documentation content security policy; Swagger UI keeps the token given to its Authorize
 * button across reloads (in the browser's local storage) and never calls an external validator.
 */
export function createDocsRouter(options: { readonly document: OpenApiDocument }): Router {
  const router = express.Router();
  const redocScript = locateRedocBundle();
  const swaggerOptions = {
    swaggerUrl: OPENAPI_PATH,
    customSiteTitle: 'proj API',
    swaggerOptions: { persistAuthorization: true, validatorUrl: null },
  };
  const pagePolicy = documentationContentSecurityPolicy();

  routeOf(router, OPENAPI_PATH)
    .get(function openApiDocument(_req, res) {
      res.status(200).json(options.document);
    })
    .all(methodNotAllowed(['GET']));

  routeOf(router, '/docs')
    .get(
      pagePolicy,
      function swaggerUiPage(req, res, next) {
        // Routing is not strict: this route sees both /docs and /docs/.
        if (!req.path.endsWith('/')) {
          res.redirect(301, '/docs/');
          return;
        }
        next();
      },
      swaggerUi.setup(undefined, swaggerOptions),
    )
    .all(methodNotAllowed(['GET']));
  // serveFiles, not serve: serve shares one module-level init script between every app.
  router.use('/docs', tagRoute('/docs/*'), pagePolicy, ...swaggerUi.serveFiles(undefined, swaggerOptions));

  routeOf(router, '/redoc')
    .get(pagePolicy, function redocPage(_req, res) {
      res.status(200).type('html').send(REDOC_PAGE);
    })
    .all(methodNotAllowed(['GET']));

  routeOf(router, REDOC_SCRIPT_PATH)
    .get(function redocBundle(_req, res, next) {
      // sendFile refuses paths through a dot directory (node_modules/.pnpm) unless given a root.
      res.sendFile(path.basename(redocScript), { root: path.dirname(redocScript), maxAge: '1d' }, (error?: Error) => {
        if (error) next(error);
      });
    })
    .all(methodNotAllowed(['GET']));

  return router;
}
