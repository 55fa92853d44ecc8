import { loadExampleData } from '../../src/db/example-data';
import { addWorkingDays } from '../../src/domain/working-days';
import { refreshServiceEstimate } from '../../src/repositories/estimates';
import { overdueSql } from '../../src/repositories/sql/overdue';
import { withTransaction } from '../../src/repositories/transaction';
import { createApiKey, createDepartment, createJurisdiction, createService, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { getBoth } from '../support/http';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let key: string;
let five: number;
let two: number;
let estimated: number;
let rejectedOnly: number;

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
  const departmentId = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  five = await createService(t.db.pool, { code: 'S5', departmentId });
  two = await createService(t.db.pool, { code: 'S2', departmentId });
  estimated = await createService(t.db.pool, { code: 'EST', departmentId });
  rejectedOnly = await createService(t.db.pool, { code: 'REJ', departmentId });
  await t.db.pool.query('UPDATE service SET sla_days = 2 WHERE id = $1', [two]);
  key = await createApiKey(t.db.pool);
});
afterAll(() => t.close());

type Stored = { requested_at: Date; deadline_at: Date | null; expected_at: Date | null; service_notice: string };

async function post(serviceCode: string, locale = 'fi'): Promise<{ id: string; notice: string; row: Stored }> {
  const response = await t.api.post('/open311/v2/requests.json').type('form').send({
    api_key: key,
    service_code: serviceCode,
    locale,
    lat: '60.4041',
    long: '25.1043',
    description: 'Katuvalo on rikki pyörätien varrella.',
  });
  expect(response.status).toBe(200);
  expectValidResponse('createRequest', 200, 'json', response.body);
  const id: string = response.body[0].service_request_id;
  const { rows } = await t.db.pool.query<Stored>(
    'SELECT requested_at, deadline_at, expected_at, service_notice FROM service_request WHERE public_id = $1',
    [id],
  );
  return { id, notice: response.body[0].service_notice, row: rows[0] };
}

const helsinki = (instant: Date, options: Intl.DateTimeFormatOptions): string =>
  new Intl.DateTimeFormat('fi-FI', { timeZone: 'Europe/Helsinki', ...options }).format(instant);

/** Closed requests of a service, handled in `hours`, closed `closedDaysAgo` days ago. */
async function plantClosed(
  serviceId: number,
  count: number,
  hours: number,
  closedDaysAgo: number,
  status = 'PROCESSED',
) {
  await t.db.pool.query(
    `INSERT INTO service_request (public_id, jurisdiction_id, service_id, status, detailed_status, visibility,
        description_original, description_public, requested_at, updated_at, closed_at, first_handled_at)
     SELECT format('C%s-%s-%s-%s', $1::int, $4::text, $3::float8, g), 'test.fi', $1::int, 'closed', $4::text,
            'public', 'x', 'x', c.at - $2::float8 * interval '1 hour', c.at, c.at, c.at
       FROM generate_series(1, $5::int) AS g,
            LATERAL (SELECT now() - $3::float8 * interval '1 day' - g * interval '1 minute' AS at) AS c`,
    [serviceId, hours, closedDaysAgo, status, count],
  );
}

const estimateOf = async (serviceId: number): Promise<number | null> =>
  (await t.db.pool.query('SELECT estimate_seconds FROM service WHERE id = $1', [serviceId])).rows[0].estimate_seconds;

describe('deadline_at', () => {
  it('when a request is posted to a service with sla_days 5, then deadline_at is the end of the 5th working day after receipt', async () => {
    const { row } = await post('S5');
    expect(row.deadline_at).toEqual(addWorkingDays(row.requested_at, 5));
    const deadline = row.deadline_at as Date;
    expect(helsinki(deadline, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })).toBe(
      '23.59.59',
    );
    expect(['la', 'su']).not.toContain(helsinki(deadline, { weekday: 'short' }));
    // The day of receipt is not counted: five whole days after it at least, plus the rest of it.
    expect(deadline.getTime() - row.requested_at.getTime()).toBeGreaterThan(5 * 86400000);
  });

  it('when a request is posted to a service with sla_days 2, then deadline_at is the end of the 2nd working day', async () => {
    const { row } = await post('S2');
    expect(row.deadline_at).toEqual(addWorkingDays(row.requested_at, 2));
    expect(row.deadline_at).not.toEqual(addWorkingDays(row.requested_at, 5));
    expect((row.deadline_at as Date).getTime() - row.requested_at.getTime()).toBeGreaterThan(2 * 86400000);
  });

  it('when posted in Swedish or English, then service_notice states the service’s days and the deadline date in that language', async () => {
    const sv = await post('S2', 'sv');
    const date = helsinki(sv.row.deadline_at as Date, { day: 'numeric', month: 'numeric', year: 'numeric' });
    expect(sv.notice).toBe(`Responsen tas upp till behandling inom 2 arbetsdagar, senast ${date}.`);
    expect(sv.row.service_notice).toBe(sv.notice);
    const en = await post('S5', 'en');
    const long = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Helsinki',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(en.row.deadline_at as Date);
    expect(en.notice).toBe(`Your feedback will be taken into processing within 5 working days, by ${long}.`);
    const fi = await post('S5', 'fi');
    expect(fi.notice).toMatch(
      /^Palaute otetaan käsittelyyn 5 työpäivän kuluessa, viimeistään \d{1,2}\.\d{1,2}\.\d{4}\.$/,
    );
  });
});

describe('expected_datetime estimate', () => {
  it('when the service has no estimate, then the new request has no expected_datetime', async () => {
    const { id, row } = await post('S5');
    expect(row.expected_at).toBeNull();
    const { json } = await getBoth(t.api, `/open311/v2/requests/${id}`, '', 'getRequest');
    expect((json as { expected_datetime: string | null }[])[0].expected_datetime).toBeNull();
  });

  it('when the estimate is refreshed, then it is the median of the last 50 processed requests only', async () => {
    // 60 older requests took 100 h, the latest 50 took 2 h (median over all would be 100 h);
    // quick rejections are not handling and are left out.
    await plantClosed(estimated, 60, 100, 30);
    await plantClosed(estimated, 49, 2, 2);
    await plantClosed(estimated, 1, 3, 1);
    await plantClosed(estimated, 20, 0.01, 0, 'REJECTED');
    await withTransaction(t.db.pool, (client) => refreshServiceEstimate(client, estimated));
    expect(await estimateOf(estimated)).toBe(2 * 3600);
  });

  it('when a request is posted after the estimate exists, then expected_datetime is receipt + estimate in public output', async () => {
    const { id, row } = await post('EST');
    expect(row.expected_at).toEqual(new Date(row.requested_at.getTime() + 2 * 3600 * 1000));
    const { json } = await getBoth(t.api, `/open311/v2/requests/${id}`, '', 'getRequest');
    const [out] = json as { requested_datetime: string; expected_datetime: string }[];
    expect(Date.parse(out.expected_datetime) - Date.parse(out.requested_datetime)).toBe(2 * 3600 * 1000);
  });

  it('when a service has only rejected requests, then it gets no estimate and its requests no expected_datetime', async () => {
    await plantClosed(rejectedOnly, 5, 1, 1, 'REJECTED');
    await withTransaction(t.db.pool, (client) => refreshServiceEstimate(client, rejectedOnly));
    expect(await estimateOf(rejectedOnly)).toBeNull();
    expect((await post('REJ')).row.expected_at).toBeNull();
  });

  it('when the estimate changes, then discovery’s changeset does not move', async () => {
    const before = (await t.api.get('/open311/v2/discovery.json')).body.changeset;
    await plantClosed(estimated, 50, 5, 0);
    await withTransaction(t.db.pool, (client) => refreshServiceEstimate(client, estimated));
    expect(await estimateOf(estimated)).toBe(5 * 3600);
    expect((await t.api.get('/open311/v2/discovery.json')).body.changeset).toBe(before);
  });
});

describe('overdue', () => {
  it('when a request was not taken into processing by its deadline, then overdueSql selects it', async () => {
    const plant = async (publicId: string, deadline: string | null, handled: string | null, closed: string | null) => {
      await plantRequest(t.db.pool, { serviceId: five, publicId });
      await t.db.pool.query(
        `UPDATE service_request SET deadline_at = now() + $2::interval, first_handled_at = now() + $3::interval,
                closed_at = now() + $4::interval WHERE public_id = $1`,
        [publicId, deadline, handled, closed],
      );
    };
    await plant('OD-untouched-late', '-1 hour', null, null);
    await plant('OD-untouched-in-time', '1 hour', null, null);
    await plant('OD-handled-in-time', '-1 hour', '-2 hours', null);
    await plant('OD-handled-late', '-2 hours', '-1 hour', null);
    await plant('OD-closed-late', '-2 hours', null, '-1 hour');
    await plant('OD-closed-in-time', '-1 hour', null, '-2 hours');
    await plant('OD-no-deadline', null, null, null);
    const { rows } = await t.db.pool.query(
      `SELECT public_id FROM service_request r WHERE public_id LIKE 'OD-%' AND ${overdueSql('r')} ORDER BY public_id`,
    );
    expect(rows.map((r) => r.public_id)).toEqual(['OD-closed-late', 'OD-handled-late', 'OD-untouched-late']);
  });
});

describe('example data', () => {
  it('when the example data is loaded, then every request has a stored deadline and handled services an estimate', async () => {
    expect(await loadExampleData(t.db.pool)).toBe(true);
    const { rows } = await t.db.pool.query(
      `SELECT r.requested_at, r.deadline_at, r.expected_at, r.service_notice, s.sla_days, s.estimate_seconds
         FROM service_request r JOIN service s ON s.id = r.service_id WHERE r.jurisdiction_id <> 'test.fi'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.deadline_at).toEqual(addWorkingDays(r.requested_at, r.sla_days));
      expect(r.service_notice).toMatch(/\d{4}\.$/);
    }
    const withEstimate = rows.filter((r) => r.estimate_seconds !== null);
    expect(withEstimate.length).toBeGreaterThan(0);
    for (const r of withEstimate) {
      expect(r.expected_at).toEqual(new Date(r.requested_at.getTime() + r.estimate_seconds * 1000));
    }
  });
});
