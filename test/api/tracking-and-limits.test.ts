import { createTestContext, type TestContext } from '../support/context';
import { createSeededApi } from '../support/seeded-api';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';
import { hashSecret } from '../../src/domain/secrets';

let t: TestContext;
let key: string;
beforeAll(async () => {
  ({ t, key } = await createSeededApi());
});
afterAll(() => t.close());

const healthFeedback = {
  service_code: '900',
  description: 'Terveysaseman ajanvaraus ei vastaa puhelimeen.',
  email: 'track.me@example.invalid',
};

async function post(extra: Record<string, string>, query = '') {
  return t.api
    .post(`/open311/v2/requests.json${query}`)
    .type('form')
    .send({ api_key: key, ...healthFeedback, ...extra });
}

describe('tracking without an account', () => {
  it('when a POST asks for extensions, then a private tracking token comes back once and only its hash is stored', async () => {
    const response = await post({}, '?extensions=true');
    expect(response.status).toBe(200);
    expectValidResponse('createRequest', 200, 'json', response.body);
    const [{ service_request_id: id, extended_attributes: ext }] = response.body;
    expect(ext.tracking_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const row = (await t.db.pool.query('SELECT tracking_token_hash FROM service_request WHERE public_id = $1', [id]))
      .rows[0];
    expect(row.tracking_token_hash).toBe(hashSecret(ext.tracking_token));
  });

  it('when a POST gives an e-mail address without asking for extensions, then a token is made for the mailed link but not shown', async () => {
    const response = await post({});
    expect(response.body[0].extended_attributes).toBeUndefined();
    const row = (
      await t.db.pool.query('SELECT tracking_token_hash FROM service_request WHERE public_id = $1', [
        response.body[0].service_request_id,
      ])
    ).rows[0];
    expect(row.tracking_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when a POST neither asks for extensions nor gives an e-mail address, then no token is made', async () => {
    const response = await post({ email: '' });
    expect(response.body[0].extended_attributes).toBeUndefined();
    const row = (
      await t.db.pool.query('SELECT tracking_token_hash FROM service_request WHERE public_id = $1', [
        response.body[0].service_request_id,
      ])
    ).rows[0];
    expect(row.tracking_token_hash).toBeNull();
  });

  it('when the submitter reads a never-public request with the token, then they see it in both formats; without it, 404', async () => {
    const created = await post({ extensions: 'true' });
    const [
      {
        service_request_id: id,
        extended_attributes: { tracking_token: token },
      },
    ] = created.body;
    expect((await t.api.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    const json = await t.api.get(`/open311/v2/requests/${id}.json?tracking_token=${token}&extensions=true`);
    expect(json.status).toBe(200);
    expectValidResponse('getRequest', 200, 'json', json.body);
    expect(json.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      description: healthFeedback.description,
      service_code: '900',
    });
    expect(json.body[0].extended_attributes.log).toEqual([
      { time: expect.any(String), status: 'RECEIVED', note: null },
    ]);
    expect(json.text).not.toContain('track.me@example.invalid');
    const xml = await t.api.get(`/open311/v2/requests/${id}.xml`).set('X-Tracking-Token', token);
    expect(xml.status).toBe(200);
    expect(expectValidXmlResponse('getRequest', 200, xml.text)).toEqual(
      (await t.api.get(`/open311/v2/requests/${id}.json`).set('X-Tracking-Token', token)).body,
    );
  });

  it("when a token is wrong or belongs to another request, then 404 and nobody else's data", async () => {
    const a = (await post({ extensions: 'true' })).body[0];
    const b = (await post({ extensions: 'true', description: 'Toinen palaute sosiaalitoimesta.' })).body[0];
    for (const [id, token] of [
      [a.service_request_id, 'wrong-token'],
      [a.service_request_id, b.extended_attributes.tracking_token],
      [b.service_request_id, a.extended_attributes.tracking_token],
    ]) {
      const response = await t.api.get(`/open311/v2/requests/${id}.xml?tracking_token=${token}`);
      expect(response.status).toBe(404);
      expect(response.text).not.toContain('sosiaalitoimesta');
    }
  });
});

describe('rate limits', () => {
  it('when one address posts more than its limit, then 429 with Retry-After and a GeoReport error in the format asked', async () => {
    const limited = await createTestContext({ RATE_LIMIT_POSTS_PER_ADDRESS: '2' }, { reset: false });
    try {
      const send = (format: string) =>
        limited.api
          .post(`/open311/v2/requests.${format}`)
          .type('form')
          .send({ api_key: key, ...healthFeedback });
      expect((await send('json')).status).toBe(200);
      expect((await send('json')).status).toBe(200);
      const refused = await send('xml');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(expectValidXmlResponse('createRequest', 429, refused.text)).toEqual([
        { code: 429, description: expect.stringMatching(/^too many requests from this address: try again in \d+ s$/) },
      ]);
    } finally {
      await limited.close();
    }
  });

  it('when one api_key posts more than its limit, then 429 names the key limit and nothing is stored', async () => {
    const limited = await createTestContext({ RATE_LIMIT_POSTS_PER_KEY: '1' }, { reset: false });
    try {
      const count = async () => Number((await t.db.pool.query('SELECT count(*) FROM service_request')).rows[0].count);
      expect(
        (
          await limited.api
            .post('/open311/v2/requests.json')
            .type('form')
            .send({ api_key: key, ...healthFeedback })
        ).status,
      ).toBe(200);
      const before = await count();
      const refused = await limited.api
        .post('/open311/v2/requests.json')
        .type('form')
        .send({ api_key: key, ...healthFeedback });
      expect(refused.status).toBe(429);
      expect(refused.body[0].description).toContain('this api_key');
      expect(await count()).toBe(before);
    } finally {
      await limited.close();
    }
  });
});
