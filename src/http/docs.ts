import fs from 'node:fs';
import path from 'node:path';
import { Router } from '@koa/router';
import { openApiDocumentJson } from './openapi-document';

// Only the path helper: the package's main module loads the whole Swagger UI bundle (~40 MB resident).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const absolutePath = require('swagger-ui-dist/absolute-path.js') as () => string;

const ASSETS = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
]);

/** The OpenAPI document as JSON text, read once at start-up. */
export const openApiJson = openApiDocumentJson();

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>palaute311 API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script></body></html>`;

/** /openapi.json and Swagger UI at /docs (swagger-ui-dist assets, served from an allowlist). */
export function docsRouter(): Router {
  const router = new Router();
  const dist = absolutePath();
  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = openApiJson;
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('/docs/:asset', (ctx) => {
    if (!ASSETS.has(ctx.params.asset)) return;
    ctx.type = path.extname(ctx.params.asset);
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = fs.createReadStream(path.join(dist, ctx.params.asset));
  });
  return router;
}
