import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * Planted requests with hand-computed figures. Times are UTC; the comments give Helsinki
 * time, which decides days, weeks and months (DST began 2026-03-29 and ended 2026-10-25).
 *
 * | id | service (department) | received (Helsinki)   | start h | close h | deadline      | status     | visibility        | other                |
 * | R1 | pothole (A)          | Sun 2026-03-29 00:30  | 10      | 40      | +5 d (met)    | PROCESSED  | public            |                      |
 * | R2 | pothole (A)          | Wed 2026-04-01 00:30  | 20      | -       | +1 h (missed) | IN_PROCESS | pending           |                      |
 * | R3 | light (A)            | Tue 2026-03-31 23:30  | -       | -       | +5 d (passed) | RECEIVED   | public, no consent|                      |
 * | R4 | light (A)            | Wed 2026-04-15 12:00  | 30      | 100     | +5 d (met)    | REJECTED   | public            | redirected_external  |
 * | R5 | park (B)             | Sun 2026-10-25 00:30  | 6       | 6       | none          | PROCESSED  | hidden            | duplicate of R4      |
 * | R6 | park (B)             | Mon 2026-10-26 00:30  | -       | -       | tomorrow      | RECEIVED   | public            | redirected_internal  |
 * | R7 | other (no department)| Fri 2026-05-01 12:00  | 2       | 4       | +5 d (met)    | PROCESSED  | public            |                      |
 * Department C holds a 2025 request with formula-like texts (CSV injection); department D 2 100
 * requests from 2024 (keyset batches). Statistics below filter from 2026-01-01 or by department.
 */
type Plant = {
  publicId: string;
  service: number;
  at: string;
  start?: number;
  close?: number;
  deadline?: string;
  detailedStatus: string;
  visibility?: 'pending' | 'public' | 'hidden';
  consent?: boolean;
};

let t: TestContext;
const dept = { a: 0, b: 0, c: 0, d: 0 };
let admin: TestHandler;
let handlerA: TestHandler;
let viewerA: TestHandler;
let viewerNone: TestHandler;
const FROM_2026 = 'start_date=2026-01-01';

async function plant(p: Plant): Promise<void> {
  const closed = ['PROCESSED', 'REJECTED', 'ARCHIVED'].includes(p.detailedStatus);
  await plantRequest(t.db.pool, {
    serviceId: p.service,
    publicId: p.publicId,
    requestedAt: p.at,
    status: closed ? 'closed' : 'open',
    detailedStatus: p.detailedStatus,
    visibility: p.visibility ?? 'public',
    consent: p.consent ?? true,
    email: `${p.publicId}@asukas.test`,
    phone: '+358 40 1234567',
    firstName: 'Maija',
    lastName: 'Meikäläinen',
  });
  await t.db.pool.query(
    `UPDATE service_request r
        SET department_id = (SELECT s.department_id FROM service s WHERE s.id = r.service_id),
            first_handled_at = r.requested_at + $2 * interval '1 hour',
            closed_at = r.requested_at + $3 * interval '1 hour',
            deadline_at = CASE $4::text WHEN 'tomorrow' THEN now() + interval '1 day'
                            ELSE r.requested_at + $4::interval END
      WHERE r.public_id = $1`,
    [p.publicId, p.start ?? null, p.close ?? null, p.deadline ?? null],
  );
}

async function addEvent(publicId: string, kind: string): Promise<void> {
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, kind, public) SELECT id, $2, false FROM service_request WHERE public_id = $1`,
    [publicId, kind],
  );
}

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool);
  dept.a = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Kadut', en: 'Streets' });
  dept.b = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistot', en: 'Parks' });
  dept.c = await createDepartment(pool, 'test.fi', 'culture', { fi: 'Kulttuuri' });
  dept.d = await createDepartment(pool, 'test.fi', 'archive', { fi: 'Arkisto' });
  const pothole = await createService(pool, { code: 'pothole', departmentId: dept.a });
  const light = await createService(pool, { code: 'light', departmentId: dept.a });
  const park = await createService(pool, { code: 'park', departmentId: dept.b });
  const other = await createService(pool, { code: 'other', departmentId: null });
  const culture = await createService(pool, { code: 'culture', departmentId: dept.c });
  const old = await createService(pool, { code: 'old', departmentId: dept.d });
  const met = '5 days';
  await plant({
    publicId: '2026-000001',
    service: pothole,
    at: '2026-03-28T22:30:00Z',
    start: 10,
    close: 40,
    deadline: met,
    detailedStatus: 'PROCESSED',
  });
  await plant({
    publicId: '2026-000002',
    service: pothole,
    at: '2026-03-31T21:30:00Z',
    start: 20,
    deadline: '1 hour',
    detailedStatus: 'IN_PROCESS',
    visibility: 'pending',
  });
  await plant({
    publicId: '2026-000003',
    service: light,
    at: '2026-03-31T20:30:00Z',
    deadline: met,
    detailedStatus: 'RECEIVED',
    consent: false,
  });
  await plant({
    publicId: '2026-000004',
    service: light,
    at: '2026-04-15T09:00:00Z',
    start: 30,
    close: 100,
    deadline: met,
    detailedStatus: 'REJECTED',
  });
  await plant({
    publicId: '2026-000005',
    service: park,
    at: '2026-10-24T21:30:00Z',
    start: 6,
    close: 6,
    detailedStatus: 'PROCESSED',
    visibility: 'hidden',
  });
  await plant({
    publicId: '2026-000006',
    service: park,
    at: '2026-10-25T22:30:00Z',
    deadline: 'tomorrow',
    detailedStatus: 'RECEIVED',
  });
  await plant({
    publicId: '2026-000007',
    service: other,
    at: '2026-05-01T09:00:00Z',
    start: 2,
    close: 4,
    deadline: met,
    detailedStatus: 'PROCESSED',
  });
  await pool.query(
    `UPDATE service_request SET duplicate_of = (SELECT id FROM service_request WHERE public_id = '2026-000004')
      WHERE public_id = '2026-000005'`,
  );
  await addEvent('2026-000004', 'redirected_external');
  await addEvent('2026-000004', 'redirected_external');
  await addEvent('2026-000006', 'redirected_internal');
  await addEvent('2026-000001', 'assigned');
  await plantInjection(culture);
  await pool.query(
    `INSERT INTO service_request (public_id, jurisdiction_id, service_id, department_id, description_original, requested_at)
     SELECT '2024-' || lpad(g::text, 6, '0'), 'test.fi', $1, $2, 'Vanha palaute ' || g,
            timestamptz '2024-01-01T10:00:00Z' + g * interval '1 minute'
       FROM generate_series(1, 2100) AS g`,
    [old, dept.d],
  );
  admin = await createHandler(pool, 'admin');
  handlerA = await createHandler(pool, 'handler', [dept.a]);
  viewerA = await createHandler(pool, 'viewer', [dept.a]);
  viewerNone = await createHandler(pool, 'viewer', []);
});
afterAll(() => t.close());

async function plantInjection(service: number): Promise<void> {
  await plantRequest(t.db.pool, {
    serviceId: service,
    publicId: '2025-000001',
    requestedAt: '2025-06-01T09:00:00Z',
    title: '=HYPERLINK("http://evil.test","klikkaa")',
    description: '+1 ja "lainaus"; rivi\nkaksi, ja -3',
    address: '@SUM(A1:A9)',
    email: '-2+3@asukas.test',
  });
  await t.db.pool.query(
    `UPDATE service_request SET department_id = $1, agency_responsible = E'\\tpiilotettu'
      WHERE public_id = '2025-000001'`,
    [dept.c],
  );
}

/** RFC 4180 parse-back (csv-parse is not a dependency): quotes, doubled quotes, CRLF, newlines in cells. */
function parseCsv(text: string, separator = ','): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(quoted).toBe(false);
  expect(row).toEqual([]);
  return rows;
}

/** CSV lines as objects keyed by the header line. */
function records(text: string, separator = ','): Record<string, string>[] {
  const [header, ...lines] = parseCsv(text, separator);
  for (const line of lines) expect(line).toHaveLength(header.length);
  return lines.map((line) => Object.fromEntries(header.map((name, i) => [name, line[i]])));
}

async function stats(handler: TestHandler, query: string, status = 200) {
  const response = await t.api.get(`/admin/v1/statistics?${query}`).set(handler.auth);
  expect(response.status).toBe(status);
  expectValidResponse('adminGetStatistics', status, 'json', response.body);
  return response.body;
}

const ADMIN_TOTALS = {
  count: 7,
  open: 3,
  closed: 4,
  by_detailed_status: { RECEIVED: 2, IN_PROCESS: 1, PROCESSED: 3, REJECTED: 1, ARCHIVED: 0 },
  started: 5,
  median_hours_to_start: 10,
  mean_hours_to_start: 13.6,
  median_hours_to_close: 23,
  mean_hours_to_close: 37.5,
  sla_measured: 5,
  started_within_sla_share: 0.6,
  published_share: 0.5714,
  redirects: 2,
  duplicates: 1,
};

describe('GET /admin/v1/statistics: figures', () => {
  it('when an admin asks from 2026 on, then the totals match the hand-computed figures', async () => {
    const body = await stats(admin, FROM_2026);
    expect(body.totals).toEqual(ADMIN_TOTALS);
    expect(body.groups).toEqual([]);
    expect(body.time_zone).toBe('Europe/Helsinki');
    expect(body.filters).toEqual({
      jurisdiction_id: null,
      start_date: '2026-01-01',
      end_date: null,
      service_code: null,
      department_id: null,
      group_by: null,
      period: null,
      locale: 'fi',
    });
  });

  it('when a handler of department A asks without filters, then only A counts (no 2024 or 2025 rows of C and D)', async () => {
    const body = await stats(handlerA, '');
    expect(body.totals).toEqual({
      count: 4,
      open: 2,
      closed: 2,
      by_detailed_status: { RECEIVED: 1, IN_PROCESS: 1, PROCESSED: 1, REJECTED: 1, ARCHIVED: 0 },
      started: 3,
      median_hours_to_start: 20,
      mean_hours_to_start: 20,
      median_hours_to_close: 70,
      mean_hours_to_close: 70,
      sla_measured: 4,
      started_within_sla_share: 0.5,
      published_share: 0.5,
      redirects: 1,
      duplicates: 0,
    });
  });

  it('when grouped by service, then each service has its own figures, ordered by code, and null shares where nothing was measured', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=service&locale=en`);
    expect(body.groups.map((g: { key: string }) => g.key)).toEqual(['light', 'other', 'park', 'pothole']);
    const [light, other, park, pothole] = body.groups;
    expect(pothole).toMatchObject({
      label: 'Service pothole',
      count: 2,
      median_hours_to_start: 15,
      mean_hours_to_start: 15,
      median_hours_to_close: 40,
      sla_measured: 2,
      started_within_sla_share: 0.5,
      published_share: 0.5,
    });
    expect(light).toMatchObject({ count: 2, median_hours_to_start: 30, median_hours_to_close: 100, redirects: 1 });
    expect(park).toMatchObject({
      count: 2,
      median_hours_to_close: 6,
      sla_measured: 0,
      started_within_sla_share: null,
      redirects: 1,
      duplicates: 1,
    });
    expect(other).toMatchObject({ count: 1, label: 'Service other', published_share: 1 });
    expect(body.totals).toEqual(ADMIN_TOTALS);
  });

  it('when grouped by department, then requests without a department form a null group after the others', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=department`);
    expect(
      body.groups.map((g: { key: string | null; label: string | null; count: number }) => [g.key, g.label, g.count]),
    ).toEqual([
      [String(dept.a), 'Kadut', 4],
      [String(dept.b), 'Puistot', 2],
      [null, null, 1],
    ]);
  });

  it('when grouped by status, then the groups follow the workflow with localised labels', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=status&locale=en`);
    expect(
      body.groups.map((g: { key: string; label: string; count: number; open: number }) => [
        g.key,
        g.label,
        g.count,
        g.open,
      ]),
    ).toEqual([
      ['RECEIVED', 'Received', 2, 2],
      ['IN_PROCESS', 'In process', 1, 1],
      ['PROCESSED', 'Processed', 3, 0],
      ['REJECTED', 'Rejected', 1, 0],
    ]);
  });
});

describe('GET /admin/v1/statistics: Helsinki periods', () => {
  const keys = (body: { groups: { key: string; label: string; count: number }[] }) =>
    body.groups.map((g) => [g.key, g.label, g.count]);

  it('when grouped by month, then 00:30 on 1 April Helsinki (still 31 March in UTC) counts in April', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=period&period=month`);
    expect(keys(body)).toEqual([
      ['2026-03-01', '2026-03', 2],
      ['2026-04-01', '2026-04', 2],
      ['2026-05-01', '2026-05', 1],
      ['2026-10-01', '2026-10', 2],
    ]);
    expect(body.filters).toMatchObject({ group_by: 'period', period: 'month' });
  });

  it('when grouped by ISO week, then Monday 00:30 after the autumn DST change starts a new week', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=period&period=week`);
    expect(keys(body)).toEqual([
      ['2026-03-23', '2026-W13', 1],
      ['2026-03-30', '2026-W14', 2],
      ['2026-04-13', '2026-W16', 1],
      ['2026-04-27', '2026-W18', 1],
      ['2026-10-19', '2026-W43', 1],
      ['2026-10-26', '2026-W44', 1],
    ]);
  });

  it('when grouped by day, then days are Helsinki days on both DST changes', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=period&period=day`);
    expect(keys(body).map(([key, , count]) => `${key}:${count}`)).toEqual([
      '2026-03-29:1',
      '2026-03-31:1',
      '2026-04-01:1',
      '2026-04-15:1',
      '2026-05-01:1',
      '2026-10-25:1',
      '2026-10-26:1',
    ]);
  });

  it('when group_by=period has no period, then months are used', async () => {
    const body = await stats(admin, `${FROM_2026}&group_by=period`);
    expect(body.groups).toHaveLength(4);
    expect(body.filters.period).toBe('month');
  });
});

describe('GET /admin/v1/statistics: filters and scope', () => {
  it('when the range is April in Helsinki days, then the request of 1 April 00:30 local is in and 31 March 23:30 is out', async () => {
    const body = await stats(admin, 'start_date=2026-04-01&end_date=2026-04-30');
    expect(body.totals).toMatchObject({ count: 2, median_hours_to_start: 25, redirects: 1 });
  });

  it('when end_date is 2026-10-25, then the whole (25-hour) Helsinki day is in and the next day is not', async () => {
    const body = await stats(admin, 'start_date=2026-10-25&end_date=2026-10-25');
    expect(body.totals).toMatchObject({ count: 1, duplicates: 1 });
  });

  it('when filtered by service_code or department_id, then only those requests count', async () => {
    expect((await stats(admin, 'service_code=pothole')).totals.count).toBe(2);
    expect((await stats(admin, `department_id=${dept.b}`)).totals).toMatchObject({ count: 2, redirects: 1 });
    expect((await stats(viewerA, `department_id=${dept.a}&service_code=light`)).totals.count).toBe(2);
  });

  it('when a handler or viewer asks for a department they are not in, then 403', async () => {
    const body = await stats(handlerA, `department_id=${dept.b}`, 403);
    expect(body.errors[0].description).toContain(String(dept.b));
    await stats(viewerA, `department_id=${dept.b}&group_by=service`, 403);
    await stats(viewerNone, `department_id=${dept.a}`, 403);
  });

  it('when a viewer has no departments, then everything is zero and every share and time is null', async () => {
    const body = await stats(viewerNone, 'group_by=service');
    expect(body.groups).toEqual([]);
    expect(body.totals).toEqual({
      count: 0,
      open: 0,
      closed: 0,
      by_detailed_status: { RECEIVED: 0, IN_PROCESS: 0, PROCESSED: 0, REJECTED: 0, ARCHIVED: 0 },
      started: 0,
      median_hours_to_start: null,
      mean_hours_to_start: null,
      median_hours_to_close: null,
      mean_hours_to_close: null,
      sla_measured: 0,
      started_within_sla_share: null,
      published_share: null,
      redirects: 0,
      duplicates: 0,
    });
  });

  it.each([
    ['an unknown group_by', 'group_by=assignee', 'group_by must be one of'],
    ['an unknown parameter', 'colour=red', 'unknown field "colour"'],
    ['a period without group_by=period', 'group_by=service&period=week', 'period needs group_by=period'],
    ['a range ending before it starts', 'start_date=2026-05-01&end_date=2026-04-01', 'end_date is before start_date'],
    ['a date that is not one', 'start_date=2026-02-30', 'not a real date'],
    ['an unknown service code', 'service_code=nope', 'unknown service_code "nope"'],
    ['an unknown department', 'department_id=99999', 'unknown department_id 99999'],
    ['a repeated parameter', 'group_by=service&group_by=status', 'group_by must be string'],
  ])('when the query has %s, then 400 naming it', async (_what, query, message) => {
    const body = await stats(admin, query, 400);
    expect(body.errors.map((e: { description: string }) => e.description).join(' | ')).toContain(message);
  });

  it('when no token is sent, then 401', async () => {
    const response = await t.api.get('/admin/v1/statistics');
    expect(response.status).toBe(401);
    expectValidResponse('adminGetStatistics', 401, 'json', response.body);
  });
});

describe('GET /admin/v1/statistics.csv', () => {
  it('when grouped by service, then the CSV has the JSON groups and a totals line', async () => {
    const json = await stats(admin, `${FROM_2026}&group_by=service`);
    const response = await t.api.get(`/admin/v1/statistics.csv?${FROM_2026}&group_by=service`).set(admin.auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="statistics-service-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = records(response.text);
    expect(rows.map((r) => [r.row, r.key])).toEqual([
      ['group', 'light'],
      ['group', 'other'],
      ['group', 'park'],
      ['group', 'pothole'],
      ['total', ''],
    ]);
    expect(rows[4]).toMatchObject({
      count: '7',
      received: '2',
      processed: '3',
      archived: '0',
      median_hours_to_close: '23',
      mean_hours_to_start: '13.6',
      started_within_sla_share: '0.6',
      redirects: '2',
    });
    expect(rows[2]).toMatchObject({
      label: json.groups[2].label,
      started_within_sla_share: '',
      published_share: '0.5',
    });
  });

  it('when separator=semicolon, then fields are separated by semicolons', async () => {
    const response = await t.api.get('/admin/v1/statistics.csv?group_by=status&separator=semicolon').set(handlerA.auth);
    expect(response.status).toBe(200);
    const rows = records(response.text, ';');
    expect(rows.map((r) => `${r.key}:${r.count}`)).toEqual([
      'RECEIVED:1',
      'IN_PROCESS:1',
      'PROCESSED:1',
      'REJECTED:1',
      ':4',
    ]);
  });

  it('when a handler asks for another department, then 403 as JSON', async () => {
    const response = await t.api.get(`/admin/v1/statistics.csv?department_id=${dept.b}`).set(handlerA.auth);
    expect(response.status).toBe(403);
    expectValidResponse('adminGetStatisticsCsv', 403, 'json', response.body);
  });
});

describe('GET /admin/v1/requests.csv', () => {
  const exportCsv = (handler: TestHandler, query: string) =>
    t.api.get(`/admin/v1/requests.csv?${query}`).set(handler.auth).buffer(true);

  it('when a handler exports, then only their departments come, oldest id first, without contact columns', async () => {
    const response = await exportCsv(handlerA, '');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="requests-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header] = parseCsv(response.text);
    expect(header).toEqual([
      'service_request_id',
      'service_code',
      'department_id',
      'department',
      'status',
      'detailed_status',
      'visibility',
      'requested_datetime',
      'first_handled_datetime',
      'closed_datetime',
      'deadline_datetime',
      'overdue',
      'address',
      'lat',
      'long',
      'title',
      'description',
      'agency_responsible',
      'duplicate_of',
      'jurisdiction_id',
      'channel',
    ]);
    const rows = records(response.text);
    expect(rows.map((r) => r.service_request_id)).toEqual(['2026-000001', '2026-000002', '2026-000003', '2026-000004']);
    expect(rows[1]).toMatchObject({
      service_code: 'pothole',
      department_id: String(dept.a),
      department: 'streets',
      status: 'open',
      detailed_status: 'IN_PROCESS',
      visibility: 'pending',
      requested_datetime: '2026-03-31T21:30:00Z',
      first_handled_datetime: '2026-04-01T17:30:00Z',
      closed_datetime: '',
      deadline_datetime: '2026-03-31T22:30:00Z',
      overdue: 'true',
      description: 'Kuvaus pyynnölle 2026-000002',
      jurisdiction_id: 'test.fi',
      channel: '',
    });
    expect(rows[0].overdue).toBe('false');
    expect(response.text).not.toContain('@asukas.test');
  });

  it('when filtered by detailed_status and service, then only matching requests come', async () => {
    const rows = records((await exportCsv(admin, 'detailed_status=PROCESSED&start_date=2026-01-01')).text);
    expect(rows.map((r) => r.service_request_id)).toEqual(['2026-000001', '2026-000005', '2026-000007']);
    expect(rows[1]).toMatchObject({ duplicate_of: '2026-000004', visibility: 'hidden', department: 'parks' });
    expect(rows[2]).toMatchObject({ department_id: '', department: '' });
    const light = records((await exportCsv(viewerA, 'service_code=light')).text);
    expect(light.map((r) => r.service_request_id)).toEqual(['2026-000003', '2026-000004']);
  });

  it('when a non-admin asks include_contact=true, then 403; when they do not ask, no contact details', async () => {
    for (const handler of [handlerA, viewerA]) {
      const response = await exportCsv(handler, 'include_contact=true');
      expect(response.status).toBe(403);
      expectValidResponse('adminExportRequestsCsv', 403, 'json', response.body);
    }
    const [header] = parseCsv((await exportCsv(admin, `include_contact=false&department_id=${dept.b}`)).text);
    expect(header).not.toContain('email');
  });

  it('when an admin asks include_contact=true, then email, phone and names come as the last columns', async () => {
    const response = await exportCsv(admin, `include_contact=true&department_id=${dept.b}`);
    expect(response.status).toBe(200);
    const rows = records(response.text);
    expect(Object.keys(rows[0]).slice(-4)).toEqual(['email', 'phone', 'first_name', 'last_name']);
    expect(rows.map((r) => [r.service_request_id, r.email, r.phone, r.last_name])).toEqual([
      ['2026-000005', '2026-000005@asukas.test', "'+358 40 1234567", 'Meikäläinen'],
      ['2026-000006', '2026-000006@asukas.test', "'+358 40 1234567", 'Meikäläinen'],
    ]);
  });

  it('when texts start like formulas, then the cell gets an apostrophe and quotes and newlines survive', async () => {
    const response = await exportCsv(admin, `department_id=${dept.c}&include_contact=true`);
    const [row] = records(response.text);
    expect(row.title).toBe(`'=HYPERLINK("http://evil.test","klikkaa")`);
    expect(row.description).toBe(`'+1 ja "lainaus"; rivi\nkaksi, ja -3`);
    expect(row.address).toBe("'@SUM(A1:A9)");
    expect(row.agency_responsible).toBe("'\tpiilotettu");
    expect(row.email).toBe("'-2+3@asukas.test");
    expect(response.text).toContain('"\'=HYPERLINK(""http://evil.test"",""klikkaa"")"');
  });

  it('when the export is larger than one batch, then every row comes once, in order', async () => {
    const response = await exportCsv(admin, `department_id=${dept.d}`);
    const ids = records(response.text).map((r) => r.service_request_id);
    expect(ids).toHaveLength(2100);
    expect(new Set(ids).size).toBe(2100);
    expect(ids[0]).toBe('2024-000001');
    expect(ids[2099]).toBe('2024-002100');
    expect([...ids].sort()).toEqual(ids);
  });

  it('when the filter is bad or outside the departments, then 400 or 403 as JSON', async () => {
    const bad = await exportCsv(admin, 'detailed_status=OPEN');
    expect(bad.status).toBe(400);
    expectValidResponse('adminExportRequestsCsv', 400, 'json', bad.body);
    const other = await exportCsv(viewerA, `department_id=${dept.b}`);
    expect(other.status).toBe(403);
  });
});
