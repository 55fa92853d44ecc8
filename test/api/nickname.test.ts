import { createHandler, type TestHandler } from '../support/admin';
import type { TestContext } from '../support/context';
import { getBoth } from '../support/http';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';
import { createSeededApi } from '../support/seeded-api';

/**
 * A resident's nickname (docs/publication.md §2): posted as `nickname`, screened like the text
 * and refused when it holds contact details, identifiers or the submitter's own name; shown as
 * `extended_attributes.nickname` on a public request only; removed by a handler with an audited
 * action, after which no public output shows it.
 */
let t: TestContext;
let key: string;
let handler: TestHandler;
let viewer: TestHandler;

beforeAll(async () => {
  ({ t, key } = await createSeededApi());
  const department = (await t.db.pool.query<{ id: number }>('SELECT id FROM department LIMIT 1')).rows[0].id;
  handler = await createHandler(t.db.pool, 'handler', [department]);
  viewer = await createHandler(t.db.pool, 'viewer', [department]);
});
afterAll(() => t.close());

const form = (extra: Record<string, string>) => ({
  api_key: key,
  service_code: '102',
  lat: '60.4041',
  long: '25.1043',
  description: 'Roskia levällään puiston laidalla.',
  ...extra,
});

async function submit(extra: Record<string, string>): Promise<string> {
  const response = await t.api.post('/open311/v2/requests.json').type('form').send(form(extra));
  expect(response.status).toBe(200);
  return response.body[0].service_request_id as string;
}

type Extended = { nickname?: string; title: string | null };
type Read = { updated_datetime: string; extended_attributes?: Extended };

async function read(publicId: string, query = 'extensions=true'): Promise<Read> {
  const { json } = await getBoth(t.api, `/open311/v2/requests/${publicId}`, query, 'getRequest');
  return (json as Read[])[0];
}

const requests = async () => Number((await t.db.pool.query('SELECT count(*) FROM service_request')).rows[0].count);

const stored = async (publicId: string) =>
  (await t.db.pool.query('SELECT nickname, nickname_removed_at FROM service_request WHERE public_id = $1', [publicId]))
    .rows[0];

describe('POST requests with a nickname', () => {
  it('when a public request has a nickname, then extended_attributes shows it in JSON and XML', async () => {
    const publicId = await submit({ nickname: 'Puistokävelijä' });
    expect(await stored(publicId)).toEqual({ nickname: 'Puistokävelijä', nickname_removed_at: null });
    expect((await read(publicId)).extended_attributes?.nickname).toBe('Puistokävelijä');
    const xml = await t.api.get(`/open311/v2/requests/${publicId}.xml?extensions=true`);
    expect(xml.text).toContain('<nickname>Puistokävelijä</nickname>');
    expect(await read(publicId, '')).not.toHaveProperty('extended_attributes');
    const list = await t.api.get('/open311/v2/requests.json?extensions=true&search=Roskia');
    expectValidResponse('getRequests', 200, 'json', list.body);
    const listed = (list.body as { service_request_id: string; extended_attributes: Extended }[]).find(
      (r) => r.service_request_id === publicId,
    );
    expect(listed?.extended_attributes.nickname).toBe('Puistokävelijä');
  });

  it('when there is no nickname, then extended_attributes has no nickname field', async () => {
    const publicId = await submit({});
    expect(await stored(publicId)).toEqual({ nickname: null, nickname_removed_at: null });
    expect((await read(publicId)).extended_attributes).not.toHaveProperty('nickname');
  });

  it('when the nickname is allowed alongside the name the resident gave, then it is stored and the name is not shown', async () => {
    const publicId = await submit({ nickname: 'Kerava-fani 2026', first_name: 'Matti', last_name: 'Virtanen' });
    const response = await t.api.get(`/open311/v2/requests/${publicId}.json?extensions=true`);
    expect(response.body[0].extended_attributes.nickname).toBe('Kerava-fani 2026');
    expect(response.text).not.toContain('Matti');
    expect(response.text).not.toContain('Virtanen');
  });

  it.each([
    [{ nickname: 'matti@example.test' }, 'nickname looks like an e-mail address: contact details are never shown'],
    [{ nickname: 'Soita 040 123 4567' }, 'nickname looks like a phone number: contact details are never shown'],
    [{ nickname: '131052-308T' }, 'nickname looks like a personal identity code: contact details are never shown'],
    [{ nickname: 'Nro 1234567' }, 'nickname has more than 5 digits: it could identify or reach you'],
    [
      { nickname: 'Matti Virtanen', first_name: 'Matti', last_name: 'Virtanen' },
      'nickname must not contain your name or e-mail address: the nickname is public, they never are',
    ],
    [
      { nickname: 'VIRTANEN', last_name: 'Virtanen' },
      'nickname must not contain your name or e-mail address: the nickname is public, they never are',
    ],
    [
      { nickname: 'Iso Matti', first_name: 'Matti' },
      'nickname must not contain your name or e-mail address: the nickname is public, they never are',
    ],
    [
      { nickname: 'kalle.k', email: 'kalle.korhonen@example.test' },
      'nickname must not contain your name or e-mail address: the nickname is public, they never are',
    ],
    [{ nickname: 'x'.repeat(41) }, 'nickname is longer than 40 characters'],
  ])('when %j is posted, then 400 says why and nothing is stored', async (extra, message) => {
    const before = await requests();
    const response = await t.api.post('/open311/v2/requests.json').type('form').send(form(extra));
    expect(response.status).toBe(400);
    expectValidResponse('createRequest', 400, 'json', response.body);
    expect(response.body).toEqual([{ code: 400, description: message }]);
    expect(await requests()).toBe(before);
  });

  it('when a refused nickname is posted for XML, then the error is a GeoReport XML error list', async () => {
    const response = await t.api
      .post('/open311/v2/requests.xml')
      .type('form')
      .send(form({ nickname: 'matti@example.test' }));
    expect(response.status).toBe(400);
    expectValidXmlResponse('createRequest', 400, response.text);
    expect(response.text).toContain('nickname looks like an e-mail address');
    expect(response.text).not.toContain('matti@example.test');
  });

  it('when the request is not public, then its nickname is nowhere in public output', async () => {
    const publicId = await submit({ nickname: 'Salainen-kulkija', publication_consent: 'false' });
    expect((await stored(publicId)).nickname).toBe('Salainen-kulkija');
    expect((await t.api.get(`/open311/v2/requests/${publicId}.json?extensions=true`)).status).toBe(404);
    const list = await t.api.get('/open311/v2/requests.json?extensions=true');
    expect(list.text).not.toContain('Salainen-kulkija');
  });
});

describe('POST /admin/v1/requests/{id}/nickname/remove', () => {
  const remove = (publicId: string, who: TestHandler, body: object = {}) =>
    t.api.post(`/admin/v1/requests/${publicId}/nickname/remove`).set(who.auth).send(body);

  it('when a handler removes a nickname, then it is gone from public output, kept and audited', async () => {
    const publicId = await submit({ nickname: 'Töykeä-nimimerkki' });
    const before = await read(publicId);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await remove(publicId, handler, { note: 'Asiaton nimimerkki' });
    expect(response.status).toBe(200);
    expectValidResponse('adminRemoveNickname', 200, 'json', response.body);
    const after = await read(publicId);
    expect(after.extended_attributes).not.toHaveProperty('nickname');
    expect(after.updated_datetime > before.updated_datetime).toBe(true);
    expect((await t.api.get('/open311/v2/requests.xml?extensions=true')).text).not.toContain('Töykeä-nimimerkki');
    expect((await stored(publicId)).nickname).toBe('Töykeä-nimimerkki');
    const event = await t.db.pool.query(
      `SELECT e.id, e.kind, e.public, e.note, e.data, e.handler_id FROM request_event e
         JOIN service_request r ON r.id = e.request_id WHERE r.public_id = $1 AND e.kind = 'nickname_removed'`,
      [publicId],
    );
    expect(event.rows).toEqual([
      {
        id: response.body.event_id,
        kind: 'nickname_removed',
        public: false,
        note: 'Asiaton nimimerkki',
        data: { nickname: 'Töykeä-nimimerkki' },
        handler_id: handler.id,
      },
    ]);
    const detail = await t.api.get(`/admin/v1/requests/${publicId}`).set(handler.auth);
    expectValidResponse('adminGetRequest', 200, 'json', detail.body);
    expect(detail.body.nickname).toBe('Töykeä-nimimerkki');
    expect(detail.body.nickname_removed_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('when there is no nickname or it was removed already, then 409 and nothing is written', async () => {
    const without = await submit({});
    const none = await remove(without, handler);
    expect(none.status).toBe(409);
    expectValidResponse('adminRemoveNickname', 409, 'json', none.body);
    expect(none.body.errors[0].description).toBe(`request ${without} shows no nickname to remove`);
    const withOne = await submit({ nickname: 'Kahdesti' });
    expect((await remove(withOne, handler)).status).toBe(200);
    expect((await remove(withOne, handler)).status).toBe(409);
    const count = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM request_event e JOIN service_request r ON r.id = e.request_id
        WHERE r.public_id = ANY($1) AND e.kind = 'nickname_removed'`,
      [[without, withOne]],
    );
    expect(count.rows[0].n).toBe(1);
  });

  it('when a viewer or a bad body asks, then 403 or 400 and the nickname stays', async () => {
    const publicId = await submit({ nickname: 'Pysyvä' });
    const refused = await remove(publicId, viewer);
    expect(refused.status).toBe(403);
    const bad = await remove(publicId, handler, { reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].description).toBe('body: unknown field "reason"');
    expect((await read(publicId)).extended_attributes?.nickname).toBe('Pysyvä');
  });
});
