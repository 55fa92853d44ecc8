import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createDepartment, createJurisdiction, createService } from '../support/factories';
import { expectValidResponse } from '../support/openapi';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp';
import { composeAlerts, deliverMail, mailsTo } from './alert-helpers';

/**
 * Handlers' e-mail alerts (docs/alerts.md): a new request alerts its department's address and its
 * opted-in handlers, each once and in their language; an assignment alerts the assignee; the
 * alerts go through the outbox, so SMTP being down loses nothing.
 */

let t: TestContext;
let smtp: LocalSmtp;
let admin: TestHandler;
let fi: TestHandler;
let sv: TestHandler;
let en: TestHandler;
let out: TestHandler;
let streets: number;
let key: string;
const RESIDENT = { email: 'resident.secret@example.invalid', phone: '+358401112233' };

beforeAll(async () => {
  smtp = await startLocalSmtp();
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  streets = await createDepartment(t.db.pool, 'test.fi', 'streets', {
    fi: 'Katupalvelut',
    sv: 'Gatutjänster',
    en: 'Street services',
  });
  const parks = await createDepartment(t.db.pool, 'test.fi', 'parks', { fi: 'Puistot' });
  const names = { fi: 'Katujen kunto', sv: 'Gatornas skick', en: 'Potholes' };
  await createService(t.db.pool, { code: '101', departmentId: streets, names });
  await createService(t.db.pool, { code: '201', departmentId: parks });
  admin = await createHandler(t.db.pool, 'admin');
  fi = await createHandler(t.db.pool, 'handler', [streets], 'fi.handler@city.test');
  sv = await createHandler(t.db.pool, 'handler', [streets], 'sv.handler@city.test');
  en = await createHandler(t.db.pool, 'handler', [streets], 'en.handler@city.test');
  out = await createHandler(t.db.pool, 'handler', [streets], 'out.handler@city.test');
  await createHandler(t.db.pool, 'handler', [parks], 'parks.handler@city.test');
  key = await createApiKey(t.db.pool);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function submit(serviceCode = '101', description = 'Syvä kuoppa Kauppakaaren kohdalla.'): Promise<string> {
  const response = await t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({ api_key: key, service_code: serviceCode, address_string: 'Kauppakaari 11', description, ...RESIDENT });
  expect(response.status).toBe(200);
  return response.body[0].service_request_id as string;
}

const pending = async () => Number((await t.db.pool.query(`SELECT count(*) AS n FROM alert_pending`)).rows[0].n);

describe('alert settings', () => {
  it('when an admin sets a department to alert, then the settings are stored and shown', async () => {
    const response = await t.api
      .patch(`/admin/v1/departments/${streets}`)
      .set(admin.auth)
      .send({ alert_email: 'katu@city.test', alert_handlers: true });
    expect(response.status).toBe(200);
    expectValidResponse('adminUpdateDepartment', 200, 'json', response.body);
    expect(response.body).toMatchObject({ alert_email: 'katu@city.test', alert_handlers: true, digest: false });
    const list = await t.api.get('/admin/v1/departments').set(fi.auth);
    expectValidResponse('adminListDepartments', 200, 'json', list.body);
  });

  it('when handlers pick a language or opt out, for themselves or by an admin, then it is stored and shown', async () => {
    const mine = await t.api.patch('/admin/v1/me').set(sv.auth).send({ language: 'sv' });
    expect(mine.status).toBe(200);
    expectValidResponse('adminUpdateMe', 200, 'json', mine.body);
    expect(mine.body).toMatchObject({ id: sv.id, alerts_enabled: true, language: 'sv' });
    const optedOut = await t.api.patch('/admin/v1/me').set(out.auth).send({ alerts_enabled: false });
    expect(optedOut.body).toMatchObject({ alerts_enabled: false, language: null });
    const byAdmin = await t.api.patch(`/admin/v1/handlers/${en.id}`).set(admin.auth).send({ language: 'en' });
    expect(byAdmin.status).toBe(200);
    expectValidResponse('adminUpdateHandler', 200, 'json', byAdmin.body);
    expect(byAdmin.body).toMatchObject({ alerts_enabled: true, language: 'en' });
    const me = await t.api.get('/admin/v1/me').set(out.auth);
    expectValidResponse('adminGetMe', 200, 'json', me.body);
    expect(me.body.alerts_enabled).toBe(false);
    const audit = await t.db.pool.query(
      `SELECT data FROM account_event WHERE kind = 'handler_updated' AND target_handler_id = $1`,
      [out.id],
    );
    expect(audit.rows).toEqual([
      { data: { changes: { alerts_enabled: false }, previous: { alerts_enabled: true, language: null } } },
    ]);
  });

  it.each([
    ['/admin/v1/me', { language: 'de' }, 'language must be one of'],
    ['/admin/v1/me', {}, 'body'],
    ['/admin/v1/me', { role: 'admin' }, 'unknown field "role"'],
    ['/admin/v1/departments/{streets}', { alert_email: 'not an address' }, 'alert_email'],
    ['/admin/v1/departments/{streets}', { digest: 'yes' }, 'digest'],
  ])('when %s gets %j, then 400 naming the problem and nothing changes', async (path, body, problem) => {
    const before = await t.db.pool.query(`SELECT * FROM department ORDER BY id`);
    const handlers = await t.db.pool.query(`SELECT id, alerts_enabled, language FROM handler ORDER BY id`);
    const response = await t.api
      .patch(path.replace('{streets}', String(streets)))
      .set(admin.auth)
      .send(body);
    expect(response.status).toBe(400);
    expectValidResponse(path.includes('/me') ? 'adminUpdateMe' : 'adminUpdateDepartment', 400, 'json', response.body);
    expect(response.body.errors.map((e: { description: string }) => e.description).join(' ')).toContain(problem);
    expect((await t.db.pool.query(`SELECT * FROM department ORDER BY id`)).rows).toEqual(before.rows);
    expect((await t.db.pool.query(`SELECT id, alerts_enabled, language FROM handler ORDER BY id`)).rows).toEqual(
      handlers.rows,
    );
  });

  it('when a handler tries the admin route for handlers to change their settings, then 403: /me is theirs', async () => {
    const response = await t.api
      .patch('/admin/v1/handlers/' + fi.id)
      .set(fi.auth)
      .send({ language: 'en' });
    expect(response.status).toBe(403);
  });
});

describe('a new request', () => {
  it('when it arrives in a department with alerts, then its address and each opted-in handler get one mail in their language', async () => {
    const id = await submit();
    expect(await pending()).toBe(1);
    const round = await composeAlerts(t.db.pool);
    expect(round).toMatchObject({ alerts: 1, mails: 4 });
    expect(await pending()).toBe(0);
    await deliverMail(t.db.pool, smtp);
    const link = `http://palaute.test/admin/v1/requests/${id}`;
    const expected: [string, string, string][] = [
      ['katu@city.test', 'Uusi palaute (Katupalvelut): Katujen kunto', 'Vastaanotettu'],
      ['fi.handler@city.test', 'Uusi palaute (Katupalvelut): Katujen kunto', 'Käsittelyyn viimeistään'],
      ['sv.handler@city.test', 'Ny respons (Gatutjänster): Gatornas skick', 'Mottagen'],
      ['en.handler@city.test', 'New feedback (Street services): Potholes', 'To be taken into processing by'],
    ];
    for (const [address, subject, word] of expected) {
      const mails = mailsTo(smtp, address);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe(`${subject} (${id})`);
      expect(mails[0].text).toContain(word);
      expect(mails[0].text).toContain('Syvä kuoppa Kauppakaaren kohdalla.');
      expect(mails[0].text).toContain(link);
      expect(mails[0].raw).not.toContain(RESIDENT.email);
      expect(mails[0].raw).not.toContain('401112233');
    }
    expect(mailsTo(smtp, 'out.handler@city.test')).toEqual([]);
    expect(mailsTo(smtp, 'parks.handler@city.test')).toEqual([]);
    expect(mailsTo(smtp, RESIDENT.email)).toHaveLength(1); // the resident's own acknowledgement only
  });

  it('when it arrives in a department without alerts, then nothing is queued', async () => {
    await submit('201');
    expect(await pending()).toBe(0);
  });

  it('when two workers compose at once, then every alert is queued once', async () => {
    const ids = [await submit(), await submit(), await submit()];
    expect(await pending()).toBe(3);
    const rounds = await Promise.all([composeAlerts(t.db.pool), composeAlerts(t.db.pool)]);
    expect(rounds.reduce((sum, round) => sum + round.alerts, 0)).toBe(3);
    const rows = await t.db.pool.query(
      `SELECT r.public_id, o.recipient, count(*)::int AS n FROM outbox o JOIN service_request r ON r.id = o.request_id
        WHERE o.kind = 'alert_new' AND r.public_id = ANY($1) GROUP BY 1, 2`,
      [ids],
    );
    expect(rows.rows).toHaveLength(12);
    expect(rows.rows.every((row) => row.n === 1)).toBe(true);
  });
});

describe('a redirect', () => {
  it('when a request is moved into a department with alerts, then that department is alerted', async () => {
    const id = await submit('201');
    const moved = await t.api
      .post(`/admin/v1/requests/${id}/redirect`)
      .set(admin.auth)
      .send({ to: 'department', department_id: streets, note: 'Kaduille.' });
    expect(moved.status).toBe(200);
    expect(await composeAlerts(t.db.pool)).toMatchObject({ alerts: 1, mails: 4 });
    const queued = await t.db.pool.query(
      `SELECT o.recipient, o.subject FROM outbox o JOIN service_request r ON r.id = o.request_id
        WHERE r.public_id = $1 AND o.kind = 'alert_moved' ORDER BY o.recipient`,
      [id],
    );
    expect(queued.rows.map((row) => row.recipient)).toEqual([
      'en.handler@city.test',
      'fi.handler@city.test',
      'katu@city.test',
      'sv.handler@city.test',
    ]);
    expect(queued.rows[2].subject).toBe(`Palaute siirretty (Katupalvelut): Palvelu 201 (${id})`);
  });
});

describe('an assignment', () => {
  it('when a request is assigned to a handler, then that handler gets one mail; a self-assignment or an opted-out assignee none', async () => {
    const id = await submit();
    await composeAlerts(t.db.pool);
    const assign = (who: TestHandler, handlerId: number) =>
      t.api.post(`/admin/v1/requests/${id}/assignment`).set(who.auth).send({ handler_id: handlerId });
    expect((await assign(admin, sv.id)).status).toBe(200);
    expect(await pending()).toBe(1);
    expect(await composeAlerts(t.db.pool)).toMatchObject({ alerts: 1, mails: 1 });
    expect((await assign(fi, fi.id)).status).toBe(200);
    expect(await pending()).toBe(0);
    expect((await assign(admin, out.id)).status).toBe(200);
    expect(await composeAlerts(t.db.pool)).toMatchObject({ alerts: 1, mails: 0 });
    const queued = await t.db.pool.query(`SELECT recipient, locale, subject FROM outbox WHERE kind = 'alert_assigned'`);
    expect(queued.rows).toEqual([
      { recipient: 'sv.handler@city.test', locale: 'sv', subject: `Respons tilldelad dig: Gatornas skick (${id})` },
    ]);
  });
});

describe('delivery', () => {
  it('when SMTP is down, then the alerts wait in the outbox and go out once it is back', async () => {
    await deliverMail(t.db.pool, smtp);
    smtp.setFailing(true);
    const before = smtp.received.length;
    const id = await submit();
    await composeAlerts(t.db.pool);
    await deliverMail(t.db.pool, smtp);
    expect(smtp.received.length).toBe(before);
    const waiting = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM outbox o JOIN service_request r ON r.id = o.request_id
        WHERE r.public_id = $1 AND o.kind = 'alert_new' AND o.sent_at IS NULL AND o.last_error IS NOT NULL`,
      [id],
    );
    expect(waiting.rows[0].n).toBe(4);
    smtp.setFailing(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await deliverMail(t.db.pool, smtp);
    const alerts = smtp.received
      .slice(before)
      .filter((mail) => mail.subject.includes(id) && !mail.to.includes(RESIDENT.email));
    expect(alerts.map((mail) => mail.to[0]).sort()).toEqual([
      'en.handler@city.test',
      'fi.handler@city.test',
      'katu@city.test',
      'sv.handler@city.test',
    ]);
  });
});
