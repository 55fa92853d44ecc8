import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';
import { getBoth } from '../support/http';
import { startLocalIssuer, strictSignInEnv, type LocalIssuer } from '../support/jwks';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let issuer: LocalIssuer;
let c: TestCatalogue;
let key: string;

beforeAll(async () => {
  issuer = await startLocalIssuer();
  t = await createTestContext(strictSignInEnv(issuer));
  c = await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
});
afterAll(async () => {
  await t.close();
  await issuer.close();
});

const post = (token: string | null, fields: Record<string, string> = {}) => {
  const call = t.api.post('/open311/v2/requests.json').type('form');
  if (token !== null) call.set('Authorization', `Bearer ${token}`);
  return call.send({
    api_key: key,
    service_code: '102',
    lat: '60.4041',
    long: '25.1043',
    description: 'Roskia levällään puiston laidalla.',
    ...fields,
  });
};

const mine = (token: string, format = 'json', query = '') =>
  t.api.get(`/open311/v2/my/requests.${format}${query}`).set('Authorization', `Bearer ${token}`);

describe('signed-in residents', () => {
  it('when a resident posts with a JWT, then account_id is the token subject, whatever the body says', async () => {
    const token = await issuer.sign({ sub: 'suomi-fi-123' });
    const response = await post(token, { account_id: 'someone-else', email: 'asukas@example.fi' });
    expect(response.status).toBe(200);
    const row = await t.db.pool.query(
      `SELECT c.account_id, c.resident_issuer, c.resident_subject FROM request_contact c
         JOIN service_request r ON r.id = c.request_id WHERE r.public_id = $1`,
      [response.body[0].service_request_id],
    );
    expect(row.rows[0]).toEqual({
      account_id: 'suomi-fi-123',
      resident_issuer: issuer.issuer,
      resident_subject: 'suomi-fi-123',
    });
  });

  it('when the resident lists their requests, then they see their own, non-public ones too, with answers; nobody else sees them', async () => {
    const token = await issuer.sign({ sub: 'resident-list' });
    const publicOne = (await post(token)).body[0].service_request_id as string;
    // A never-public category: it never shows publicly, but its sender sees it and the answer.
    const privateOne = (await post(token, { service_code: '900', description: 'Asia sosiaalitoimelle, yksityinen.' }))
      .body[0].service_request_id as string;
    await t.db.pool.query(
      `UPDATE service_request SET status_notes = 'Vastaus sinulle', status = 'closed', detailed_status = 'PROCESSED'
        WHERE public_id = $1`,
      [privateOne],
    );
    await t.db.pool.query(
      `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
       SELECT id, 'status_changed', true, 'closed', 'PROCESSED', 'Vastaus sinulle', 'handler' FROM service_request
        WHERE public_id = $1`,
      [privateOne],
    );
    // Someone else's request, and one merely claiming this subject as account_id without a token.
    await post(await issuer.sign({ sub: 'another-resident' }));
    await post(null, { account_id: 'resident-list' });

    const both = await getBoth(t.api, '/open311/v2/my/requests', '', 'getMyRequests').catch(() => null);
    expect(both).toBeNull(); // getBoth sends no token: 401, not a list

    const json = await mine(token);
    expect(json.status).toBe(200);
    expectValidResponse('getMyRequests', 200, 'json', json.body);
    const ids = (json.body as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(ids).toEqual([privateOne, publicOne]);
    expect(json.body[0]).toMatchObject({
      status: 'closed',
      status_notes: 'Vastaus sinulle',
      description: 'Asia sosiaalitoimelle, yksityinen.',
      extended_attributes: { detailed_status: 'PROCESSED' },
    });
    expect(json.body[0].extended_attributes.log).toEqual(
      expect.arrayContaining([expect.objectContaining({ note: 'Vastaus sinulle' })]),
    );
    expect(json.headers['cache-control']).toBe('private, no-store');
    const xml = await mine(token, 'xml');
    expect(xml.status).toBe(200);
    expect(xml.text).toContain(`<service_request_id>${privateOne}</service_request_id>`);
    // The public side still does not show the never-public one.
    expect((await t.api.get(`/open311/v2/requests/${privateOne}.json`)).status).toBe(404);
  });

  it('when account_id is given as a query parameter without a token, then nothing is listed: 401', async () => {
    const response = await t.api.get('/open311/v2/my/requests.json?account_id=resident-list');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="palaute311-residents"');
    expectValidResponse('getMyRequests', 401, 'json', response.body);
  });

  it.each([
    ['an expired token', () => issuer.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), 'expired'],
    ['a token for another audience', () => issuer.sign({ aud: 'another-service' }), '"aud"'],
    ['a token from another issuer', () => issuer.sign({ iss: 'https://evil.example' }), '"iss"'],
    ['a token signed with another key', () => issuer.sign({}, { key: 'rogue' }), 'not signed'],
  ])('when %s is sent, then 401 naming why, on GET and on POST', async (_what, make, reason) => {
    const token = await make();
    const list = await mine(token, 'xml');
    expect(list.status).toBe(401);
    expect(list.text).toContain(reason);
    const before = Number((await t.db.pool.query('SELECT count(*) FROM service_request')).rows[0].count);
    const created = await post(token);
    expect(created.status).toBe(401);
    expectValidResponse('createRequest', 401, 'json', created.body);
    expect(Number((await t.db.pool.query('SELECT count(*) FROM service_request')).rows[0].count)).toBe(before);
  });

  it('when the issuer rotates to a new key, then tokens signed with it are accepted after one JWKS refetch', async () => {
    const before = issuer.fetches();
    await issuer.rotate();
    const token = await issuer.sign({ sub: 'rotated' });
    expect((await mine(token)).status).toBe(200);
    expect(issuer.fetches()).toBe(before + 1);
    // Cached: the next call fetches nothing.
    expect((await mine(token)).status).toBe(200);
    expect(issuer.fetches()).toBe(before + 1);
  });

  it('when a plain API key is sent as Bearer (the Chicago way), then it still works as an API key', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .set('Authorization', `Bearer ${key}`)
      .type('form')
      .send({ service_code: '102', lat: '60.4', long: '25.1', description: 'Roskia levällään puistossa.' });
    expect(response.status).toBe(200);
    expect(c.litter).toBeGreaterThan(0);
  });
});

describe('resident sign-in not configured', () => {
  it('when a JWT is sent to a server without RESIDENT_JWT_*, then 401 says sign-in is not configured', async () => {
    const plain = await createTestContext({}, { reset: false });
    try {
      const token = await issuer.sign();
      const response = await plain.api.get('/open311/v2/my/requests.json').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.body[0].description).toContain('not configured');
    } finally {
      await plain.close();
    }
  });
});
