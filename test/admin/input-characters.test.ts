import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, plantRequest } from '../support/factories';

/**
 * The text rule at the boundary (docs/api.md, "Text that comes in") on the handlers' API: path and
 * query parameters and JSON body strings at any depth (and keys) with NUL, C0 controls other
 * than TAB/LF/CR, U+FFFE/U+FFFF or lone surrogates are a 400 `{errors}` naming them; nothing
 * is written.
 */
let t: TestContext;
let admin: TestHandler;
let streets: number;

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  streets = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  const service = await createService(t.db.pool, { code: '100', departmentId: streets });
  await plantRequest(t.db.pool, { serviceId: service, publicId: '2026-000001' });
  admin = await createHandler(t.db.pool, 'admin');
});
afterAll(() => t.close());

const refusal = (name: string, what = 'a control character (U+0000)') => `${name} contains ${what} that is not allowed`;

function expectErrors(response: { status: number; body: unknown }, ...descriptions: string[]) {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 400,
    body: { errors: descriptions.map((description) => ({ code: 400, description })) },
  });
}

const snapshot = async () =>
  (
    await t.db.pool.query(
      `SELECT (SELECT count(*) FROM request_event) AS events, (SELECT count(*) FROM service) AS services,
              (SELECT status_notes FROM service_request WHERE public_id = '2026-000001') AS notes`,
    )
  ).rows[0];

describe('admin URLs with NUL and control characters', () => {
  it.each([
    ['/admin/v1/requests/%00', 'service_request_id'],
    ['/admin/v1/requests/2026%07/answer', 'service_request_id'],
    ['/admin/v1/requests/2026-000001/photos/%00.jpg', 'photo_file'],
    ['/admin/v1/services/%1B', 'service_code'],
    ['/admin/v1/handlers/%00', 'handler_id'],
    ['/admin/v1/statistics?service_code=%00', 'service_code'],
    ['/admin/v1/statistics.csv?service_code=%00', 'service_code'],
    ['/admin/v1/requests.csv?service_code=%00', 'service_code'],
    ['/admin/v1/outbox?service_request_id=%00', 'service_request_id'],
    ['/admin/v1/requests?q=%00', 'q'],
    ['/admin/v1/services?jurisdiction_id=%EF%BF%BE', 'jurisdiction_id'],
  ])('when %s is asked for, then 400 {errors} names %s', async (url, name) => {
    const what = url.includes('%07')
      ? 'a control character (U+0007)'
      : url.includes('%1B')
        ? 'a control character (U+001B)'
        : url.includes('%EF')
          ? 'a noncharacter (U+FFFE)'
          : undefined;
    expectErrors(await t.api.get(url).set(admin.auth), refusal(name, what));
  });

  it('when the admin query is undecodable, then 400 names it', async () => {
    expectErrors(await t.api.get('/admin/v1/requests?q=%C3').set(admin.auth), 'q is not valid percent-encoded UTF-8');
  });
});

describe('admin JSON bodies with NUL and control characters', () => {
  it.each([
    ['\u0000', 'a control character (U+0000)'],
    ['\u0007', 'a control character (U+0007)'],
    ['\u000B', 'a control character (U+000B)'],
    ['\uFFFE', 'a noncharacter (U+FFFE)'],
    ['\uD800', 'a lone surrogate (U+D800)'],
  ])('when an answer holds %j, then 400 names answer and nothing is written', async (char, what) => {
    const before = await snapshot();
    const response = await t.api
      .post('/admin/v1/requests/2026-000001/answer')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ answer: `Korjataan ${char} huomenna.` }));
    expectErrors(response, refusal('answer', what));
    expect(await snapshot()).toEqual(before);
  });

  it('when a string deep inside a new service holds U+0001, then 400 names its path and no service is created', async () => {
    const before = await snapshot();
    const response = await t.api
      .post('/admin/v1/services')
      .set(admin.auth)
      .send({
        service_code: '300',
        names: { fi: 'Puistot', en: 'Parks' },
        department_id: streets,
        attributes: [
          {
            code: 'THING',
            datatype: 'singlevaluelist',
            order: 1,
            descriptions: { fi: 'Mikä?' },
            values: [{ key: 'bench', names: { fi: 'Penk\u0001ki' } }],
          },
        ],
      });
    expectErrors(response, refusal('attributes.0.values.0.names.fi', 'a control character (U+0001)'));
    expect(await snapshot()).toEqual(before);
  });

  it('when a key holds NUL, then 400 shows the key escaped', async () => {
    const response = await t.api
      .patch('/admin/v1/services/100')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send('{"names": {"f\\u0000i": "Kadut"}}');
    expectErrors(
      response,
      'names: parameter name "f\\u0000i" contains a control character (U+0000) that is not allowed',
    );
  });

  it('when the body nests very deeply, then the answer is a 4xx, not a crash', async () => {
    const deep = `{"note": ${'['.repeat(100000)}${']'.repeat(100000)}}`;
    const response = await t.api
      .post('/admin/v1/requests/2026-000001/notes')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(response.status).toBe(400);
  });

  it('when a note holds TAB, LF and CR, then it is accepted as written', async () => {
    const note = 'Soitettu\tasukkaalle.\r\nPalataan asiaan.';
    const response = await t.api.post('/admin/v1/requests/2026-000001/notes').set(admin.auth).send({ note });
    expect(response.status).toBe(200);
    const stored = await t.db.pool.query(`SELECT note FROM request_event WHERE kind = 'note' ORDER BY id DESC LIMIT 1`);
    expect(stored.rows[0].note).toBe(note);
  });
});
