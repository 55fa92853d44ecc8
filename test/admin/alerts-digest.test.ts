import { loadConfig } from '../../src/config';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, plantRequest } from '../support/factories';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp';
import { composeAlerts, deliverMail, mailsTo } from './alert-helpers';

/**
 * The daily digest (docs/alerts.md): on working days from ALERT_DIGEST_HOUR (7, Helsinki time), each
 * department that asks for it gets the requests not yet taken into processing whose deadline
 * (docs/working-days.md) is past or falls by the end of the next working day; once a day, whatever
 * the number of workers; nothing when there is nothing to list.
 */

let t: TestContext;
let smtp: LocalSmtp;
let admin: TestHandler;
let streets: number;
let parks: number;
let service: number;
let parkService: number;
let counter = 0;

// Wednesday 9 December 2026 in Helsinki (UTC+2); Thursday the 10th is the next working day.
const at = (iso: string) => new Date(iso);
const END_OF = (day: string) => `${day}T21:59:59.999Z`;

beforeAll(async () => {
  smtp = await startLocalSmtp();
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  streets = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Katupalvelut', sv: 'Gatutjänster' });
  parks = await createDepartment(t.db.pool, 'test.fi', 'parks', { fi: 'Puistot' });
  service = await createService(t.db.pool, {
    code: '101',
    departmentId: streets,
    names: { fi: 'Katujen kunto', sv: 'Gatornas skick' },
  });
  parkService = await createService(t.db.pool, { code: '201', departmentId: parks });
  admin = await createHandler(t.db.pool, 'admin');
  await createHandler(t.db.pool, 'handler', [streets], 'fi.handler@city.test');
  const sv = await createHandler(t.db.pool, 'handler', [streets], 'sv.handler@city.test');
  const out = await createHandler(t.db.pool, 'handler', [streets], 'out.handler@city.test');
  await t.api.patch('/admin/v1/me').set(sv.auth).send({ language: 'sv' }).expect(200);
  await t.api.patch('/admin/v1/me').set(out.auth).send({ alerts_enabled: false }).expect(200);
  await t.api
    .patch(`/admin/v1/departments/${streets}`)
    .set(admin.auth)
    .send({ alert_email: 'katu@city.test', alert_handlers: true, digest: true })
    .expect(200);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** A request of a department with its deadline; `handled` marks it taken into processing. */
async function request(deadline: string, options: { handled?: boolean; closed?: boolean; department?: number } = {}) {
  counter += 1;
  const publicId = `2026-0009${String(counter).padStart(2, '0')}`;
  const department = options.department ?? streets;
  await plantRequest(t.db.pool, {
    serviceId: department === streets ? service : parkService,
    publicId,
    description: `Digest request ${publicId}`,
    requestedAt: '2026-12-01T08:00:00Z',
  });
  await t.db.pool.query(
    `UPDATE service_request SET department_id = $2, deadline_at = $3,
            first_handled_at = CASE WHEN $4 THEN now() END, closed_at = CASE WHEN $5 THEN now() END,
            status = CASE WHEN $5 THEN 'closed' ELSE status END
      WHERE public_id = $1`,
    [publicId, department, deadline, options.handled ?? false, options.closed ?? false],
  );
  return publicId;
}

const sentOn = async () =>
  (
    await t.db.pool.query(`SELECT to_char(digest_sent_on, 'YYYY-MM-DD') AS day FROM department WHERE id = $1`, [
      streets,
    ])
  ).rows[0].day as string | null;

describe('the daily digest', () => {
  let overdue: string;
  let today: string;
  let tomorrow: string;
  let later: string;
  let handled: string;
  let closed: string;
  let elsewhere: string;

  beforeAll(async () => {
    overdue = await request(END_OF('2026-12-08'));
    today = await request(END_OF('2026-12-09'));
    tomorrow = await request(END_OF('2026-12-10'));
    later = await request(END_OF('2026-12-11'));
    handled = await request(END_OF('2026-12-07'), { handled: true });
    closed = await request(END_OF('2026-12-07'), { closed: true });
    elsewhere = await request(END_OF('2026-12-07'), { department: parks });
  });

  it('when the hour has not come, then nothing is sent', async () => {
    expect(await composeAlerts(t.db.pool, at('2026-12-09T04:59:00Z'))).toMatchObject({ digests: 0 });
    expect(await sentOn()).toBeNull();
  });

  it('when it comes and two workers run, then each recipient gets one digest listing overdue and near-deadline requests only', async () => {
    const now = at('2026-12-09T06:00:00Z');
    const rounds = await Promise.all([composeAlerts(t.db.pool, now), composeAlerts(t.db.pool, now)]);
    expect(rounds.map((round) => round.digests).sort()).toEqual([0, 3]);
    expect(await sentOn()).toBe('2026-12-09');
    await deliverMail(t.db.pool, smtp);
    const [katu] = mailsTo(smtp, 'katu@city.test');
    expect(mailsTo(smtp, 'katu@city.test')).toHaveLength(1);
    expect(katu.subject).toBe('Määräaikaa lähestyvät palautteet (Katupalvelut): 3');
    for (const id of [overdue, today, tomorrow]) {
      expect(katu.text).toContain(id);
      expect(katu.text).toContain(`http://palaute.test/admin/v1/requests/${id}`);
    }
    for (const id of [later, handled, closed, elsewhere]) expect(katu.text).not.toContain(id);
    expect(katu.text).toMatch(new RegExp(`${overdue}.*\\[MYÖHÄSSÄ\\]`));
    expect(katu.text).toMatch(new RegExp(`${today}.*\\[määräaika lähellä\\]`));
    expect(katu.text.indexOf(overdue)).toBeLessThan(katu.text.indexOf(tomorrow));
    expect(mailsTo(smtp, 'fi.handler@city.test')).toHaveLength(1);
    const [sv] = mailsTo(smtp, 'sv.handler@city.test');
    expect(sv.subject).toBe('Respons nära tidsfristen (Gatutjänster): 3');
    expect(sv.text).toContain('[FÖRSENAD]');
    expect(mailsTo(smtp, 'out.handler@city.test')).toEqual([]);
    const rows = await t.db.pool.query(`SELECT kind, request_id FROM outbox WHERE kind = 'alert_digest'`);
    expect(rows.rows).toHaveLength(3);
  });

  it('when a worker runs again the same day, then no second digest is sent', async () => {
    expect(await composeAlerts(t.db.pool, at('2026-12-09T13:00:00Z'))).toMatchObject({ digests: 0 });
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'alert_digest'`)).rows[0].n).toBe(
      3,
    );
  });

  it('when nothing is near its deadline the next day, then no digest is sent but the day is recorded', async () => {
    await t.db.pool.query(`UPDATE service_request SET first_handled_at = now() WHERE department_id = $1`, [streets]);
    expect(await composeAlerts(t.db.pool, at('2026-12-10T06:00:00Z'))).toMatchObject({ digests: 0 });
    expect(await sentOn()).toBe('2026-12-10');
  });

  it('when it is a Saturday, then no digest; on Monday the overdue request is listed', async () => {
    const late = await request(END_OF('2026-12-11'));
    expect(await composeAlerts(t.db.pool, at('2026-12-12T08:00:00Z'))).toMatchObject({ digests: 0 });
    expect(await sentOn()).toBe('2026-12-10');
    expect(await composeAlerts(t.db.pool, at('2026-12-14T08:00:00Z'))).toMatchObject({ digests: 3 });
    const bodies = await t.db.pool.query(
      `SELECT body FROM outbox WHERE kind = 'alert_digest' AND recipient = 'katu@city.test' ORDER BY id DESC LIMIT 1`,
    );
    expect(bodies.rows[0].body).toContain(`${late}  Katujen kunto  [MYÖHÄSSÄ]`);
  });

  it('when a department turns its digest off, then it gets none', async () => {
    await t.api.patch(`/admin/v1/departments/${streets}`).set(admin.auth).send({ digest: false }).expect(200);
    expect(await composeAlerts(t.db.pool, at('2026-12-15T08:00:00Z'))).toMatchObject({ digests: 0 });
  });
});

describe('the digest hour', () => {
  it('when ALERT_DIGEST_HOUR or ALERT_POLL_MS is out of range, then the configuration names it', () => {
    expect(loadConfig({}).alertDigestHour).toBe(7);
    expect(() => loadConfig({ ALERT_DIGEST_HOUR: '24' })).toThrow(
      /ALERT_DIGEST_HOUR must be a whole number from 0 to 23/,
    );
    expect(() => loadConfig({ ALERT_POLL_MS: '0' })).toThrow(/ALERT_POLL_MS/);
  });
});
