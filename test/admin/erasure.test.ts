import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * POST /admin/v1/requests/{id}/erase (docs/retention.md): who may erase, what a bad body
 * leaves (nothing), what the erasure writes (contact, texts, mails, sign-ins, audit event) and
 * what a second call does. The planted-secret walk is test/api/erasure-privacy.test.ts.
 */
let t: TestContext;
let admin: TestHandler;
let cityAdmin: TestHandler;
let otherCityAdmin: TestHandler;
let handler: TestHandler;
let viewer: TestHandler;
let service: number;
let sequence = 0;

async function cityAdminOf(city: string): Promise<TestHandler> {
  const id = await insertHandler(t.db.pool, { email: `admin@${city}`, role: 'admin', jurisdictionId: city });
  const token = await issueHandlerToken(t.db.pool, id, 'test');
  return { id, token, auth: { Authorization: `Bearer ${token}` } };
}

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  await createJurisdiction(pool, 'other.fi');
  const streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  service = await createService(pool, { code: '100', departmentId: streets });
  admin = await createHandler(pool, 'admin');
  cityAdmin = await cityAdminOf('test.fi');
  otherCityAdmin = await cityAdminOf('other.fi');
  handler = await createHandler(pool, 'handler', [streets]);
  viewer = await createHandler(pool, 'viewer', [streets]);
});
afterAll(() => t.close());

/** A closed public request with contact details, a sent and an unsent mail. */
async function plant(email = `resident${sequence + 1}@example.invalid`): Promise<{ publicId: string; id: string }> {
  sequence += 1;
  const publicId = `2026-${String(sequence).padStart(6, '0')}`;
  await plantRequest(t.db.pool, {
    serviceId: service,
    publicId,
    description: `Alkuperäinen teksti ${sequence}`,
    email,
    phone: '+358401112233',
    firstName: 'Maija',
    lastName: 'Meikäläinen',
    requestedAt: daysAgo(3),
  });
  const { rows } = await t.db.pool.query<{ id: string }>(
    `UPDATE service_request r SET department_id = s.department_id FROM service s
      WHERE s.id = r.service_id AND r.public_id = $1 RETURNING r.id`,
    [publicId],
  );
  const id = rows[0].id;
  for (const [kind, sent] of [
    ['acknowledgement', true],
    ['answer', false],
  ] as const) {
    await t.db.pool.query(
      `INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body, sent_at)
       VALUES ($1, $2, $3, 'fi', $4, 'Aihe', 'Viesti', CASE WHEN $5 THEN now() END)`,
      [`<${kind}-${sequence}@test>`, id, kind, email, sent],
    );
  }
  return { publicId, id };
}

const erase = (publicId: string, who: TestHandler, body: unknown = { reason: 'Asukkaan pyyntö' }) =>
  t.api
    .post(`/admin/v1/requests/${publicId}/erase`)
    .set(who.auth)
    .send(body as object);

async function rowOf(id: string) {
  const { rows } = await t.db.pool.query(
    `SELECT r.description_original, r.description_public, r.erased_at, r.contact_erased_at, c.email, c.phone,
            (SELECT count(*)::int FROM request_event e WHERE e.request_id = r.id) AS events
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.id = $1`,
    [id],
  );
  return rows[0];
}

describe('POST /admin/v1/requests/{id}/erase', () => {
  it.each([
    ['a handler', 403, () => handler],
    ['a viewer', 403, () => viewer],
    ["another city's admin", 404, () => otherCityAdmin],
  ])('when %s asks, then it is %i and nothing changes', async (_who, status, who) => {
    const { publicId, id } = await plant();
    const before = await rowOf(id);
    const response = await erase(publicId, who());
    expect(response.status).toBe(status);
    expectValidResponse('adminEraseRequest', status, 'json', response.body);
    expect(await rowOf(id)).toEqual(before);
  });

  it.each([
    ['no reason', {}, 'body must have required property'],
    ['a blank reason', { reason: '   ' }, 'reason must match pattern'],
    ['an unknown field', { reason: 'x', contact: true }, 'unknown field "contact"'],
    ['a reason that is not text', { reason: 5 }, 'reason must be string'],
  ])('when the body has %s, then it is 400 naming the problem and nothing changes', async (_what, body, message) => {
    const { publicId, id } = await plant();
    const before = await rowOf(id);
    const response = await erase(publicId, admin, body);
    expect(response.status).toBe(400);
    expectValidResponse('adminEraseRequest', 400, 'json', response.body);
    expect(response.body.errors.map((e: { description: string }) => e.description).join('; ')).toContain(message);
    expect(await rowOf(id)).toEqual(before);
  });

  it('when the id is unknown, then it is 404', async () => {
    const response = await erase('2026-999999', admin);
    expect(response.status).toBe(404);
    expect(response.body.errors[0].description).toContain('2026-999999');
  });

  it('when a city admin erases a request of their city, then the detail shows it erased with nulls and the audit entry', async () => {
    const { publicId, id } = await plant();
    const response = await erase(publicId, cityAdmin);
    expect(response.status).toBe(200);
    expectValidResponse('adminEraseRequest', 200, 'json', response.body);
    expect(response.body).toEqual({
      service_request_id: publicId,
      already_erased: false,
      erased_datetime: expect.stringMatching(/Z$/),
      event_id: expect.any(String),
      photos_deleted: 0,
      mails_erased: 2,
      unsent_mails_cancelled: 1,
    });
    const detail = await t.api.get(`/admin/v1/requests/${publicId}`).set(admin.auth);
    expectValidResponse('adminGetRequest', 200, 'json', detail.body);
    expect(detail.body).toMatchObject({
      erased_datetime: response.body.erased_datetime,
      contact_erased_datetime: response.body.erased_datetime,
      title: null,
      description: null,
      description_public: `Alkuperäinen teksti ${sequence}`,
      contact: { email: null, phone: null, first_name: null, last_name: null, account_id: null, device_id: null },
    });
    const event = detail.body.events.find((e: { kind: string }) => e.kind === 'erased');
    expect(event).toMatchObject({
      id: response.body.event_id,
      public: false,
      actor: 'handler',
      handler: { id: cityAdmin.id },
      data: { reason: 'Asukkaan pyyntö', mails_erased: 2, unsent_mails_cancelled: 1, photos_deleted: 0 },
    });
    const list = await t.api.get(`/admin/v1/requests?page_size=200`).set(admin.auth);
    expectValidResponse('adminListRequests', 200, 'json', list.body);
    expect(
      list.body.items.find((r: { service_request_id: string }) => r.service_request_id === publicId),
    ).toMatchObject({ description: null });
    const mails = await t.db.pool.query(
      `SELECT recipient, subject, body, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed, last_error
         FROM outbox WHERE request_id = $1 ORDER BY id`,
      [id],
    );
    expect(mails.rows).toEqual([
      { recipient: '', subject: '', body: '', sent: true, failed: false, last_error: null },
      { recipient: '', subject: '', body: '', sent: false, failed: true, last_error: 'erased before sending' },
    ]);
  });

  it('when a webhook payload of the request holds its contact details, then erasure drops the payload', async () => {
    const { publicId, id } = await plant('webhook.resident@example.invalid');
    const hook = await t.db.pool.query<{ id: number }>(
      `INSERT INTO webhook (jurisdiction_id, name, url, events, secret)
       VALUES ('test.fi', 'case system', 'http://127.0.0.1:9/hook', '{request.answered}', 'whsec_test') RETURNING id`,
    );
    const event = await t.db.pool.query<{ id: string }>(
      `INSERT INTO request_event (request_id, kind, public, note) VALUES ($1, 'answered', true, 'Vastaus') RETURNING id`,
      [id],
    );
    await t.db.pool.query(
      `UPDATE webhook_delivery SET payload = '{"contact":{"email":"webhook.resident@example.invalid"}}', delivered_at = now()
        WHERE webhook_id = $1 AND event_id = $2`,
      [hook.rows[0].id, event.rows[0].id],
    );
    const payloads = () =>
      t.db.pool.query(`SELECT payload FROM webhook_delivery WHERE request_id = $1`, [id]).then((r) => r.rows);
    expect(await payloads()).toEqual([{ payload: expect.stringContaining('webhook.resident@example.invalid') }]);
    expect((await erase(publicId, admin)).status).toBe(200);
    expect(await payloads()).toEqual([{ payload: null }]);
    await t.db.pool.query(`UPDATE webhook SET deleted_at = now() WHERE id = $1`, [hook.rows[0].id]);
  });

  it('when erased twice, then the second call changes nothing and names the first erasure', async () => {
    const { publicId, id } = await plant();
    const first = await erase(publicId, admin);
    const after = await rowOf(id);
    const second = await erase(publicId, admin, { reason: 'Uudestaan' });
    expect(second.status).toBe(200);
    expectValidResponse('adminEraseRequest', 200, 'json', second.body);
    expect(second.body).toEqual({
      ...first.body,
      already_erased: true,
      mails_erased: 0,
      unsent_mails_cancelled: 0,
    });
    expect(await rowOf(id)).toEqual(after);
  });

  it('when erased, then later work on the request goes on and queues no mail', async () => {
    const { publicId, id } = await plant();
    await erase(publicId, admin);
    const status = await t.api
      .post(`/admin/v1/requests/${publicId}/status`)
      .set(handler.auth)
      .send({ detailed_status: 'PROCESSED', answer: 'Korjattu.' });
    expect(status.status).toBe(200);
    const mails = await t.db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE request_id = $1`, [id]);
    expect(mails.rows[0].n).toBe(2);
  });

  it('when the address has other feedback, then its sign-ins stay; with the last one erased they go', async () => {
    const email = 'shared.address@example.invalid';
    const first = await plant(email);
    const second = await plant(email.toUpperCase());
    await t.db.pool.query(`INSERT INTO sign_in_link (token_hash, email, expires_at) VALUES ('l-1', $1, now())`, [
      email,
    ]);
    await t.db.pool.query(`INSERT INTO resident_session (session_hash, email, expires_at) VALUES ('s-1', $1, now())`, [
      email,
    ]);
    const count = async () =>
      (
        await t.db.pool.query(
          `SELECT (SELECT count(*) FROM sign_in_link WHERE email = $1) + (SELECT count(*) FROM resident_session WHERE email = $1) AS n`,
          [email],
        )
      ).rows[0].n;
    await erase(first.publicId, admin);
    expect(Number(await count())).toBe(2);
    await erase(second.publicId, admin);
    expect(Number(await count())).toBe(0);
  });

  it('when requests were erased, then the statistics count them in the period', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const response = await t.api.get(`/admin/v1/statistics?start_date=${today}&end_date=${today}`).set(admin.auth);
    expect(response.status).toBe(200);
    expectValidResponse('adminGetStatistics', 200, 'json', response.body);
    const erased = await t.db.pool.query(`SELECT count(*)::int AS n FROM service_request WHERE erased_at IS NOT NULL`);
    expect(response.body.erasure).toEqual({ erased_by_admin: erased.rows[0].n, contacts_erased_by_retention: 0 });
    expect(erased.rows[0].n).toBeGreaterThanOrEqual(5);
    const earlier = await t.api.get('/admin/v1/statistics?end_date=2020-01-01').set(admin.auth);
    expect(earlier.body.erasure).toEqual({ erased_by_admin: 0, contacts_erased_by_retention: 0 });
  });
});
