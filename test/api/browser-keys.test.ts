/**
 * Browser keys (docs/api.md, "Browser keys"): an API key bound to origins is accepted only with an
 * allowed `Origin`, refused with 403 before anything is stored otherwise; server-side keys work as
 * before; CORS grants POSTs and their preflight only to the origins of browser keys.
 */
import { createApplication } from '../../src/repositories/application-repository';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createJurisdiction, createService } from '../support/factories';
import { png } from '../support/images';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let kerava: string;
let localhost: string;
let server: string;

const KERAVA = 'https://www.kerava.fi';
const FIELDS = {
  service_code: '101',
  lat: '60.4041',
  long: '25.1043',
  description: 'Syvä kuoppa suojatien kohdalla.',
  email: 'asukas@example.test',
};

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
  await createService(t.db.pool, { code: '101' });
  kerava = await createApplication(t.db.pool, 'Kerava web form', [KERAVA]);
  localhost = await createApplication(t.db.pool, 'Local development', ['http://localhost:*']);
  server = await createApiKey(t.db.pool, 'Integration');
});
afterAll(() => t.close());

/** Rows a POST would write: requests, photos, queued e-mail. */
const stored = async () =>
  (
    await t.db.pool.query(
      `SELECT (SELECT count(*) FROM service_request)::int AS requests, (SELECT count(*) FROM media)::int AS photos,
              (SELECT count(*) FROM outbox)::int AS mail`,
    )
  ).rows[0];

/** A multipart POST with a photo and an e-mail address, so a refusal can show that nothing of it was kept. */
async function post(key: string, origin?: string, format: 'json' | 'xml' = 'json') {
  let request = t.api.post(`/open311/v2/requests.${format}`);
  if (origin !== undefined) request = request.set('Origin', origin);
  request = request.field('api_key', key);
  for (const [name, value] of Object.entries(FIELDS)) request = request.field(name, value);
  return request.attach('media', await png(40, 30), 'kuoppa.png');
}

const preflight = (origin: string, path = '/open311/v2/requests.json', method = 'POST') =>
  t.api
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', method)
    .set('Access-Control-Request-Headers', 'authorization,content-type');

describe('POST with a browser key', () => {
  it('when it comes from an allowed origin, then it is stored and the answer is readable by that origin only', async () => {
    const before = await stored();
    const response = await post(kerava, KERAVA);
    expect(response.status).toBe(200);
    expectValidResponse('createRequest', 200, 'json', response.body);
    expect(response.headers['access-control-allow-origin']).toBe(KERAVA);
    expect(response.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(response.headers.vary).toMatch(/Origin/);
    expect(await stored()).toEqual({
      requests: before.requests + 1,
      photos: before.photos + 1,
      mail: before.mail + 1,
    });
  });

  it.each(['json', 'xml'] as const)(
    'when it comes from another origin (.%s), then 403 naming it, no CORS grant, and nothing stored',
    async (format) => {
      const before = await stored();
      const response = await post(kerava, 'https://evil.example', format);
      expect(response.status).toBe(403);
      const description = 'api_key is a browser key for other origins, not for https://evil.example';
      if (format === 'json') expect(response.body).toEqual([{ code: 403, description }]);
      else expect(response.text).toContain(`<description>${description}</description>`);
      expectValidResponse('createRequest', 403, format, format === 'json' ? response.body : response.text);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers.vary).toMatch(/Origin/);
      expect(await stored()).toEqual(before);
    },
  );

  it('when the Origin header is missing, then 403 saying so and nothing stored', async () => {
    const before = await stored();
    const response = await post(kerava);
    expect(response.status).toBe(403);
    expect(response.body).toEqual([
      {
        code: 403,
        description: 'api_key is a browser key and this request has no Origin header: send it from an allowed web page',
      },
    ]);
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['the same host on another scheme', 'http://www.kerava.fi'],
    ['the same host on another port', 'https://www.kerava.fi:8443'],
    ['a sub-domain', 'https://palaute.www.kerava.fi'],
    ['a look-alike suffix', 'https://www.kerava.fi.evil.example'],
    ['"null" (a sandboxed frame or a file)', 'null'],
  ])('when the origin is %s, then 403', async (_what, origin) => {
    const before = await stored();
    expect((await post(kerava, origin)).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('when the key allows http://localhost:*, then any port on localhost works and other hosts do not', async () => {
    for (const origin of ['http://localhost:5173', 'http://localhost:8080', 'http://localhost']) {
      const response = await post(localhost, origin);
      expect({ origin, status: response.status }).toEqual({ origin, status: 200 });
      expect(response.headers['access-control-allow-origin']).toBe(origin);
    }
    const before = await stored();
    for (const origin of ['http://127.0.0.1:5173', 'https://localhost:5173', 'http://localhost.evil.example:5173']) {
      const response = await post(localhost, origin);
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(await stored()).toEqual(before);
  });

  it('when the key comes as Authorization: Bearer, then the origin rule holds the same', async () => {
    const send = (origin: string) =>
      t.api
        .post('/open311/v2/requests.json')
        .set('Origin', origin)
        .set('Authorization', `Bearer ${kerava}`)
        .type('form')
        .send(FIELDS);
    expect((await send(KERAVA)).status).toBe(200);
    expect((await send('https://evil.example')).status).toBe(403);
  });

  it('when an allowed page sends a bad field, then the 400 is readable by that page', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .set('Origin', KERAVA)
      .type('form')
      .send({ api_key: kerava, service_code: '101', description: 'lyhyt' });
    expect(response.status).toBe(400);
    expect(response.headers['access-control-allow-origin']).toBe(KERAVA);
  });

  it('when the browser key is revoked, then 403 from any origin and its origins get no preflight', async () => {
    const key = await createApplication(t.db.pool, 'Short-lived', ['https://lyhyt.example']);
    expect((await post(key, 'https://lyhyt.example')).status).toBe(200);
    expect((await preflight('https://lyhyt.example')).headers['access-control-allow-origin']).toBe(
      'https://lyhyt.example',
    );
    await t.db.pool.query(`UPDATE application SET revoked_at = now() WHERE name = 'Short-lived'`);
    const before = await stored();
    const refused = await post(key, 'https://lyhyt.example');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([{ code: 403, description: 'api_key is not valid' }]);
    expect(await stored()).toEqual(before);
    expect((await preflight('https://lyhyt.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('POST with a server-side key', () => {
  it.each([
    ['no Origin', undefined],
    ['a city page as Origin', KERAVA],
    ['any other Origin', 'https://somewhere.example'],
  ])('when it comes with %s, then it works as before: 200 and any origin may read it', async (_what, origin) => {
    const response = await post(server, origin);
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toContain('X-Request-Id');
  });

  it('when the key is missing or unknown, then 403 as before, readable by any origin', async () => {
    const missing = await t.api.post('/open311/v2/requests.json').set('Origin', KERAVA).type('form').send(FIELDS);
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual([{ code: 403, description: 'api_key is missing' }]);
    expect(missing.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('CORS', () => {
  it('when an allowed origin sends the POST preflight, then it is granted for that origin', async () => {
    for (const origin of [KERAVA, 'http://localhost:3000']) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(response.headers['access-control-allow-methods']).toContain('POST');
      expect(response.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(response.headers['access-control-allow-headers']).toMatch(/Content-Type/);
      expect(response.headers.vary).toMatch(/Origin/);
    }
  });

  it('when another origin sends the POST preflight, then it gets no grant', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:3000', 'null']) {
      const response = await preflight(origin);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-methods']).toBeUndefined();
      expect(response.headers.vary).toMatch(/Origin/);
    }
    expect((await preflight(KERAVA, '/open311/v2/requests.xml')).headers['access-control-allow-origin']).toBe(KERAVA);
  });

  it('when any origin reads, then GETs and their preflight stay open to it', async () => {
    const read = await t.api.get('/open311/v2/services.json').set('Origin', 'https://evil.example');
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe('*');
    const get = await preflight('https://evil.example', '/open311/v2/requests.json', 'GET');
    expect(get.headers['access-control-allow-origin']).toBe('*');
  });

  it('when a page calls the admin API, then its CORS is as before (any origin)', async () => {
    const admin = await preflight('https://evil.example', '/admin/v1/clients');
    expect(admin.status).toBe(204);
    expect(admin.headers['access-control-allow-origin']).toBe('*');
    const unauthenticated = await t.api.post('/admin/v1/clients').set('Origin', 'https://evil.example').send({});
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('limits and caching', () => {
  it('when browser-key POSTs from one address pass RATE_LIMIT_POSTS_PER_ADDRESS, then 429 with Retry-After', async () => {
    const limited = await createTestContext({ RATE_LIMIT_POSTS_PER_ADDRESS: '2' }, { reset: false });
    try {
      const before = await stored();
      const send = (origin: string) =>
        limited.api
          .post('/open311/v2/requests.json')
          .set('Origin', origin)
          .type('form')
          .send({ ...FIELDS, api_key: kerava });
      expect((await send(KERAVA)).status).toBe(200);
      // A refused origin spends the address's allowance too: the limit comes before the key.
      expect((await send('https://evil.example')).status).toBe(403);
      const over = await send(KERAVA);
      expect(over.status).toBe(429);
      expect(over.headers['retry-after']).toMatch(/^\d+$/);
      expect(over.body).toEqual([{ code: 429, description: expect.stringContaining('too many requests') }]);
      expect(over.headers['access-control-allow-origin']).toBeDefined();
      expect((await stored()).requests).toBe(before.requests + 1);
    } finally {
      await limited.close();
    }
  });

  it('when the origins are cached (CATALOGUE_CACHE_SECONDS), then a revocation reaches preflights within that time and POSTs at once', async () => {
    const cached = await createTestContext({ CATALOGUE_CACHE_SECONDS: '1' }, { reset: false });
    try {
      const key = await createApplication(t.db.pool, 'Cached', ['https://valimuisti.example']);
      const granted = async () =>
        (
          await cached.api
            .options('/open311/v2/requests.json')
            .set('Origin', 'https://valimuisti.example')
            .set('Access-Control-Request-Method', 'POST')
        ).headers['access-control-allow-origin'];
      expect(await granted()).toBe('https://valimuisti.example');
      await t.db.pool.query(`UPDATE application SET revoked_at = now() WHERE name = 'Cached'`);
      expect(await granted()).toBe('https://valimuisti.example');
      const post = await cached.api
        .post('/open311/v2/requests.json')
        .set('Origin', 'https://valimuisti.example')
        .type('form')
        .send({ ...FIELDS, api_key: key });
      expect(post.status).toBe(403);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await granted()).toBeUndefined();
    } finally {
      await cached.close();
    }
  });
});
