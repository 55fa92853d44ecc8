import { createTestContext, type TestContext } from '../support/context';
import { createSeededApi } from '../support/seeded-api';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

let t: TestContext;
let key: string;
beforeAll(async () => {
  ({ t, key } = await createSeededApi());
});
afterAll(() => t.close());

const valid = () => ({
  api_key: key,
  service_code: '102',
  lat: '60.4041',
  long: '25.1043',
  description: 'Roskia levällään puiston laidalla.',
  address_string: 'Kauppakaari 11, Kerava',
});

const count = async (table: string) => Number((await t.db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

async function stored(publicId: string) {
  const result = await t.db.pool.query(
    `SELECT r.*, ST_Y(r.geom) AS y, ST_X(r.geom) AS x, c.email, c.phone, c.first_name, c.last_name, c.account_id, c.device_id
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.public_id = $1`,
    [publicId],
  );
  return result.rows[0];
}

describe('POST requests: body encodings', () => {
  it('when urlencoded, then 200 with a one-element list holding the new id and the SLA notice, and the row is stored', async () => {
    const response = await t.api.post('/open311/v2/requests.json').type('form').send(valid());
    expect(response.status).toBe(200);
    expectValidResponse('createRequest', 200, 'json', response.body);
    expect(response.body).toEqual([
      {
        service_request_id: expect.stringMatching(/^\d{4}-\d{6}$/),
        service_notice: expect.stringContaining('työpäivän'),
      },
    ]);
    const row = await stored(response.body[0].service_request_id);
    expect(row).toMatchObject({
      y: 60.4041,
      x: 25.1043,
      address: 'Kauppakaari 11, Kerava',
      status: 'open',
      detailed_status: 'RECEIVED',
      visibility: 'public',
      publication_consent: true,
    });
  });

  it('when JSON with an attribute object, then it is read like the form', async () => {
    const response = await t.api.post('/open311/v2/requests.json').send({
      ...valid(),
      service_code: '101',
      attribute: { SIZE: 'large', HAZARDS: ['cars', 'bikes'], DEPTH_CM: 12 },
    });
    expect(response.status).toBe(200);
    const row = await stored(response.body[0].service_request_id);
    expect(row.attributes).toEqual({ SIZE: 'large', HAZARDS: ['cars', 'bikes'], DEPTH_CM: '12' });
  });

  it('when multipart, then fields with literal attribute[CODE][] names are read without qs coercion', async () => {
    const response = await t.api
      .post('/open311/v2/requests.xml')
      .field('api_key', key)
      .field('service_code', '101')
      .field('lat', '60.40')
      .field('long', '25.10')
      .field('description', 'Syvä kuoppa pyörätiellä koulun kohdalla.')
      .field('attribute[SIZE]', 'small')
      .field('attribute[HAZARDS][]', 'bikes')
      .field('attribute[HAZARDS][]', 'cars')
      .field('attribute[NOTICED]', '2026-11-20T08:00:00+02:00')
      .field('attribute[LANDMARK]', 'Koulu');
    expect(response.status).toBe(200);
    const [created] = expectValidXmlResponse('createRequest', 200, response.text) as { service_request_id: string }[];
    const row = await stored(created.service_request_id);
    expect(row.attributes).toEqual({
      SIZE: 'small',
      HAZARDS: ['bikes', 'cars'],
      NOTICED: '2026-11-20T08:00:00+02:00',
      LANDMARK: 'Koulu',
    });
  });

  it('when contact fields are sent, then they are stored apart and the answer echoes none of them', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({
        ...valid(),
        email: 'maija@example.invalid',
        phone: '+358401234567',
        first_name: 'Maija',
        last_name: 'Meikäläinen',
        account_id: 'acc-42',
        device_id: 'dev-42',
      });
    expect(response.status).toBe(200);
    expect(response.text).not.toMatch(/maija|Meikäläinen|acc-42|dev-42|358401234567/i);
    const row = await stored(response.body[0].service_request_id);
    expect(row).toMatchObject({
      email: 'maija@example.invalid',
      phone: '+358401234567',
      first_name: 'Maija',
      last_name: 'Meikäläinen',
      account_id: 'acc-42',
      device_id: 'dev-42',
    });
  });

  it('when the key comes as a Bearer header or in the query string, then it is accepted', async () => {
    const { api_key: _, ...body } = valid();
    const bearer = await t.api
      .post('/open311/v2/requests.json')
      .set('Authorization', `Bearer ${key}`)
      .type('form')
      .send(body);
    const query = await t.api
      .post(`/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`)
      .type('form')
      .send(body);
    expect([bearer.status, query.status]).toEqual([200, 200]);
  });

  it('when unknown parameters and empty optional ones are sent, then they are ignored', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ ...valid(), service_object_id: 'x', deviceid: 'y', email: '', address_id: '', media_url: '' });
    expect(response.status).toBe(200);
  });

  it('when media_url comes repeated and comma-separated, then every URL is kept in order', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send(
        `${new URLSearchParams(valid())}&media_url=https://a.example/1.jpg&media_url=https://a.example/2.jpg,https://a.example/3.jpg`,
      );
    const row = await stored(response.body[0].service_request_id);
    expect(row.media_urls).toEqual(['https://a.example/1.jpg', 'https://a.example/2.jpg', 'https://a.example/3.jpg']);
  });
});

describe('POST requests: services and visibility', () => {
  it('when the service is batch, then a token is returned instead of an id and tokens/{token} resolves it in both formats', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ ...valid(), service_code: '103' });
    expect(response.status).toBe(200);
    expectValidResponse('createRequest', 200, 'json', response.body);
    const [{ token, service_request_id }] = response.body;
    expect(service_request_id).toBeUndefined();
    for (const format of ['json', 'xml'] as const) {
      const resolved = await t.api.get(`/open311/v2/tokens/${token}.${format}`);
      expect(resolved.status).toBe(200);
      const body =
        format === 'json' ? response.body && resolved.body : expectValidXmlResponse('getToken', 200, resolved.text);
      if (format === 'json') expectValidResponse('getToken', 200, 'json', body);
      expect(body).toEqual([{ service_request_id: expect.stringMatching(/^\d{4}-\d{6}$/), token }]);
    }
    const unknown = await t.api.get('/open311/v2/tokens/nope.xml');
    expect(unknown.status).toBe(404);
    expectValidXmlResponse('getToken', 404, unknown.text);
  });

  it('when a service needs no location, then none is asked; publication_consent=false is stored', async () => {
    const response = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '200',
      description: 'Kiitos hyvästä palvelusta kirjastossa!',
      publication_consent: 'false',
    });
    expect(response.status).toBe(200);
    expect(await stored(response.body[0].service_request_id)).toMatchObject({ publication_consent: false, geom: null });
  });

  it('when the service is pre-moderated, then the new request waits as pending', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ ...valid(), service_code: '104' });
    expect(await stored(response.body[0].service_request_id)).toMatchObject({ visibility: 'pending' });
  });
});

describe('POST requests: bad input', () => {
  const cases: [string, Record<string, string | undefined>, number, string][] = [
    ['no api_key', { api_key: undefined }, 403, 'api_key is missing'],
    ['a wrong api_key', { api_key: 'wrong' }, 403, 'api_key is not valid'],
    ['no service_code', { service_code: undefined }, 400, 'service_code is required'],
    ['an unknown service_code', { service_code: '999' }, 404, 'service_code "999"'],
    ['an inactive service', { service_code: '105' }, 404, 'service_code "105"'],
    ['an unknown jurisdiction', { jurisdiction_id: 'nowhere.fi' }, 404, 'nowhere.fi'],
    ['a short description', { description: 'lyhyt' }, 400, 'description must be 10 to 5000 characters, got 5'],
    ['a huge description', { description: 'x'.repeat(5001) }, 400, 'got 5001'],
    ['lat without long', { long: undefined }, 400, 'lat and long must be given together'],
    ['a comma decimal lat', { lat: '60,40' }, 400, 'lat must be a decimal number'],
    ['lat out of range', { lat: '91' }, 400, 'lat must be a decimal number from -90 to 90'],
    ['no location at all', { lat: undefined, long: undefined, address_string: undefined }, 400, 'needs a location'],
    ['a bad email', { email: 'not-an-address' }, 400, 'email is not an e-mail address'],
    ['a bad consent', { publication_consent: 'maybe' }, 400, 'publication_consent must be true or false'],
    ['a non-http media_url', { media_url: 'javascript:alert(1)' }, 400, 'media_url'],
  ];

  it.each(cases)(
    'when sent with %s (%o), then %i naming the problem, in both formats, and nothing is stored',
    async (_label, change, status, text) => {
      const before = await count('service_request');
      for (const format of ['json', 'xml'] as const) {
        const body = Object.fromEntries(Object.entries({ ...valid(), ...change }).filter(([, v]) => v !== undefined));
        const response = await t.api.post(`/open311/v2/requests.${format}`).type('form').send(body);
        expect(response.status).toBe(status);
        const errors =
          format === 'json' ? response.body : expectValidXmlResponse('createRequest', status, response.text);
        if (format === 'json') expectValidResponse('createRequest', status, 'json', errors);
        expect(JSON.stringify(errors)).toContain(JSON.stringify(text).slice(1, -1));
      }
      expect(await count('service_request')).toBe(before);
      expect(await count('request_contact')).toBe(before);
    },
  );

  it('when a coords-only service gets only an address, then 400 asks for lat and long', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ ...valid(), service_code: '106', lat: '', long: '' });
    expect(response.body).toEqual([{ code: 400, description: 'this service needs a location: lat and long' }]);
  });

  it('when several things are wrong, then every problem is listed', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ ...valid(), description: 'x', email: 'bad', lat: '1000' });
    expect(response.status).toBe(400);
    expect(response.body).toHaveLength(3);
  });

  it.each([
    [{ 'attribute[SIZE]': undefined }, 'attribute[SIZE] is missing: SIZE required for this service'],
    [{ 'attribute[SIZE]': 'huge' }, 'attribute[SIZE] value "huge" is not one of: small, large'],
    [{ 'attribute[DEPTH_CM]': 'deep' }, 'attribute[DEPTH_CM] must be a number'],
    [{ 'attribute[NOTICED]': 'yesterday' }, 'attribute[NOTICED] must be an ISO 8601 datetime'],
    [{ 'attribute[HAZARDS][]': 'trains' }, 'attribute[HAZARDS] value "trains" is not one of: cars, bikes'],
  ])('when the attribute answer is %o, then 400 says %s', async (change, message) => {
    const body = Object.fromEntries(
      Object.entries({ ...valid(), service_code: '101', 'attribute[SIZE]': 'small', ...change }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send(body as Record<string, string>);
    expect(response.status).toBe(400);
    expect(response.body).toEqual([{ code: 400, description: message }]);
  });

  it('when the body is not JSON, or of an unsupported type, then 400 says so', async () => {
    const broken = await t.api
      .post('/open311/v2/requests.json')
      .set('Content-Type', 'application/json')
      .send('{"api_key":');
    expect(broken.body).toEqual([{ code: 400, description: 'request body is not valid JSON' }]);
    const text = await t.api.post('/open311/v2/requests.xml').set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(400);
    expect(text.text).toContain('unsupported Content-Type');
  });

  it('when the body exceeds the limit, then 413 with an errors body and nothing stored', async () => {
    const small = await createTestContext({ BODY_LIMIT_BYTES: '2048' }, { reset: false });
    const before = await count('service_request');
    try {
      const response = await small.api
        .post('/open311/v2/requests.json')
        .type('form')
        .send({ ...valid(), description: 'y'.repeat(4000) });
      expect(response.status).toBe(413);
      expect(response.body).toEqual([{ code: 413, description: 'request body exceeds 2048 bytes' }]);
    } finally {
      await small.close();
    }
    expect(await count('service_request')).toBe(before);
  });
});
