/** Swagger UI at /docs, from the swagger-ui-dist package (no CDN). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { PAGES_CSP } from '../dashboard/index.js';

const require = createRequire(import.meta.url);
// The package's folder, found without loading its 1 MB bundle into the API's memory.
const assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

// No persistAuthorization: it would keep the bearer key in localStorage on the dashboard's origin,
// readable by any script there and left behind after sign-out; a key typed here lasts as long as the page.
const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Heartbeat API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/start.js"></script>
</body>
</html>`;

// Swagger UI's start, served as a file so that the page runs no inline script (its CSP).
const start = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });\n`;

/** Swagger UI at /docs, served from the swagger-ui-dist package: works offline, no CDN. */
export function docsRoutes() {
  const app = new Hono();
  const cache = new Map<string, Buffer>();
  app.use('*', secureHeaders({ referrerPolicy: 'same-origin', contentSecurityPolicy: PAGES_CSP }));
  app.get('/', (c) => c.html(page));
  app.get('/assets/start.js', (c) => c.body(start, 200, { 'content-type': 'application/javascript; charset=utf-8' }));
  app.get('/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      body = await readFile(join(assetsDir, file));
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
