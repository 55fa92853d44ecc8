import { answerCache } from '../../src/http/answer-cache';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { expectValidResponse, expectValidXmlResponse, listOperations } from '../support/openapi';
import { sharedLimits } from '../../src/http/shared-limits';
import { open311Router } from '../../src/open311/router';
import { adminRouter } from '../../src/admin/router';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
});
afterAll(() => t.close());

describe('operations routes', () => {
  it('when /health and /ready are asked, then both answer with the documented bodies', async () => {
    const health = await t.api.get('/health');
    expect(health.body).toEqual({ status: 'ok' });
    expectValidResponse('getHealth', 200, 'json', health.body);
    const ready = await t.api.get('/ready');
    expect(ready.body).toEqual({ status: 'ready' });
    expectValidResponse('getReady', 200, 'json', ready.body);
  });

  it('when /openapi.json is asked, then it is the OpenAPI 3.1 document with every Open311 path', async () => {
    const response = await t.api.get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/open311/v2/requests.{format}', '/open311/v2/requests/{service_request_id}.{format}']),
    );
  });

  it('when /docs is asked, then Swagger UI loads with its assets from swagger-ui-dist', async () => {
    const page = await t.api.get('/docs');
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain("url: '/openapi.json'");
    const bundle = await t.api.get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect((await t.api.get('/docs/..%2Fpackage.json')).status).toBe(404);
  });

  it('when a request carries X-Request-Id, then the same id comes back; otherwise a new one is made', async () => {
    expect((await t.api.get('/health').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    expect((await t.api.get('/health').set('X-Request-Id', '<script>')).headers['x-request-id']).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('when a browser calls a GET, then CORS allows any origin and exposes the paging headers', async () => {
    const response = await t.api.get('/open311/v2/requests.json').set('Origin', 'https://city.example');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toContain('X-Result-Count');
  });
});

describe('unknown routes, formats and methods', () => {
  it.each([
    ['/open311/v2/services.html', 404, 'unknown format ".html"', 'json'],
    ['/open311/v2/services', 404, 'end in .json or .xml', 'json'],
    ['/open311/v2/nothing.xml', 404, 'no such resource', 'xml'],
    ['/nothing', 404, 'no such resource', 'json'],
  ])('when %s is asked, then %i as a GeoReport error in %s', async (path, status, text, format) => {
    const response = await t.api.get(path);
    expect(response.status).toBe(status);
    const body = format === 'xml' ? expectValidXmlResponse('getServices', 404, response.text) : response.body;
    expect(body).toEqual([{ code: status, description: expect.stringContaining(text) }]);
  });

  it('when a route is called with the wrong method, then 405 as a GeoReport error, not HTML', async () => {
    const response = await t.api.delete('/open311/v2/services.xml');
    expect(response.status).toBe(405);
    expect(response.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>405<\/code>/);
  });

  it('when anything fails inside, then the client sees a generic 500 errors body and no stack trace', async () => {
    // Public lists read the public_request view (docs/privacy-gate.md §5.1); a view follows a
    // renamed table, so the view itself is moved away to make the read fail.
    await t.db.pool.query('ALTER VIEW public_request RENAME TO public_request_moved');
    try {
      const response = await t.api.get('/open311/v2/requests.xml');
      expect(response.status).toBe(500);
      expect(response.text).toContain('<description>internal error; it has been logged</description>');
      expect(response.text).not.toMatch(/service_request|public_request|at \//);
    } finally {
      await t.db.pool.query('ALTER VIEW public_request_moved RENAME TO public_request');
    }
  });
});

describe('the OpenAPI document covers the router', () => {
  it('when every Open311 route is listed, then each has a documented operation for its method and path', () => {
    const documented = new Set(listOperations().map((op) => `${op.method.toUpperCase()} ${op.path}`));
    const router = open311Router(
      { config: t.config } as Parameters<typeof open311Router>[0],
      sharedLimits(t.config),
      answerCache(0),
    );
    const toDoc = (path: string) => path.replace(/\/:file$/, '').replace(/\.(json|xml)$/, '.{format}');
    const routes = router.stack.flatMap((layer) =>
      layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${toDoc(String(layer.path))}`),
    );
    const paramPaths: Record<string, string> = {
      '/open311/v2/services': '/open311/v2/services/{service_code}.{format}',
      '/open311/v2/service': '/open311/v2/service/{service_code}.{format}',
      '/open311/v2/requests': '/open311/v2/requests/{service_request_id}.{format}',
      '/open311/v2/tokens': '/open311/v2/tokens/{token}.{format}',
    };
    const missing = routes
      .map((route) => {
        const [method, path] = route.split(' ');
        return `${method} ${paramPaths[path] ?? path}`;
      })
      .filter((route) => !documented.has(route));
    expect(routes.length).toBeGreaterThanOrEqual(9);
    expect(missing).toEqual([]);
  });
});

describe('the OpenAPI document covers the admin router', () => {
  const adminRoutes = () => {
    const router = adminRouter({ config: t.config, db: t.db } as Parameters<typeof adminRouter>[0]);
    const toDoc = (path: string) => path.replace(/:([a-z_]+)/g, '{$1}');
    return router.stack
      .filter((layer) => layer.methods.length > 0)
      .flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${toDoc(String(layer.path))}`));
  };

  it('when every admin route is listed, then each is a documented operation and each documented one is routed', () => {
    const documented = listOperations()
      .filter((op) => op.path.startsWith('/admin/'))
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    const routes = adminRoutes();
    expect(routes).toContain('GET /admin/v1/me');
    expect([...new Set(routes)].sort()).toEqual([...new Set(documented)].sort());
  });
});
