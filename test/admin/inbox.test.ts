import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import {
  createDepartment,
  createJurisdiction,
  createService,
  daysAgo,
  plantRequest,
  type RequestSpec,
} from '../support/factories';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let streets: number;
let parks: number;
let admin: TestHandler;
let streetHandler: TestHandler;
let colleague: TestHandler;
let parksViewer: TestHandler;

/** Plants a request the way the public POST files it: responsible department from its service. */
async function plant(spec: RequestSpec, extra: Record<string, unknown> = {}): Promise<string> {
  await plantRequest(t.db.pool, spec);
  await t.db.pool.query(
    `UPDATE service_request r SET department_id = s.department_id FROM service s
      WHERE s.id = r.service_id AND r.public_id = $1`,
    [spec.publicId],
  );
  for (const [column, value] of Object.entries(extra)) {
    await t.db.pool.query(`UPDATE service_request SET ${column} = $1 WHERE public_id = $2`, [value, spec.publicId]);
  }
  return spec.publicId;
}

const LONG_TEXT = `Kuoppa on syvä. ${'Ajokaistan reunassa on iso kuoppa, johon pyörä juuttuu. '.repeat(6)}`;

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
  streets = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  parks = await createDepartment(t.db.pool, 'test.fi', 'parks', { fi: 'Puistot' });
  const pothole = await createService(t.db.pool, {
    code: '101',
    departmentId: streets,
    names: { fi: 'Katujen kunto', sv: 'Gatornas skick', en: 'Potholes' },
  });
  const litter = await createService(t.db.pool, { code: '102', departmentId: streets });
  const park = await createService(t.db.pool, { code: '300', departmentId: parks });
  const orphan = await createService(t.db.pool, { code: '400', departmentId: null });
  admin = await createHandler(t.db.pool, 'admin');
  streetHandler = await createHandler(t.db.pool, 'handler', [streets]);
  colleague = await createHandler(t.db.pool, 'handler', [streets]);
  parksViewer = await createHandler(t.db.pool, 'viewer', [parks]);
  const past = daysAgo(1);
  const future = new Date(Date.now() + 5 * 86400000).toISOString();
  await plant(
    {
      serviceId: pothole,
      publicId: '2026-000001',
      title: 'Kuoppa Mannerheimintiellä',
      description: LONG_TEXT,
      address: 'Mannerheimintie 1',
      lat: 60.404,
      long: 25.104,
      requestedAt: daysAgo(1),
    },
    { assignee_id: streetHandler.id, deadline_at: future },
  );
  await plant(
    {
      serviceId: litter,
      publicId: '2026-000002',
      visibility: 'pending',
      lat: 60.2,
      long: 24.9,
      requestedAt: daysAgo(2),
    },
    {
      detailed_status: 'IN_PROCESS',
      screening_hits: JSON.stringify([{ field: 'description', kind: 'phone_number' }]),
      deadline_at: past,
      assignee_id: colleague.id,
    },
  );
  await plant(
    {
      serviceId: pothole,
      publicId: '2026-000003',
      status: 'closed',
      visibility: 'hidden',
      description: 'Hämeentien kulmassa on vaarallinen kuoppa.',
      requestedAt: daysAgo(10),
    },
    { description_public: 'Kulmassa on vaarallinen kuoppa.', deadline_at: past, first_handled_at: daysAgo(0.5) },
  );
  await plant({
    serviceId: park,
    publicId: '2026-000004',
    visibility: 'pending',
    address: 'Puistokatu 5',
    requestedAt: daysAgo(3),
  });
  await plant({ serviceId: orphan, publicId: '2026-000005', requestedAt: daysAgo(4) });
  await plant({ serviceId: pothole, publicId: '2026-000006', requestedAt: '2025-01-15T10:00:00Z' });
});
afterAll(() => t.close());

async function list(handler: TestHandler, query = '') {
  const response = await t.api.get(`/admin/v1/requests${query}`).set(handler.auth);
  expectValidResponse('adminListRequests', response.status, 'json', response.body);
  return response;
}

async function ids(handler: TestHandler, query = ''): Promise<string[]> {
  const response = await list(handler, query);
  expect(response.status).toBe(200);
  return response.body.items.map((item: { service_request_id: string }) => item.service_request_id);
}

describe('inbox list: who sees what', () => {
  it('when an admin lists without filters, then every request comes, newest first, with the total', async () => {
    const response = await list(admin);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.body).toMatchObject({ page: 1, page_size: 50, total: 6, total_capped: false });
    expect(response.body.items.map((i: { service_request_id: string }) => i.service_request_id)).toEqual([
      '2026-000001',
      '2026-000002',
      '2026-000004',
      '2026-000005',
      '2026-000003',
      '2026-000006',
    ]);
  });

  it('when a handler lists, then only requests of their own department come', async () => {
    expect(await ids(streetHandler)).toEqual(['2026-000001', '2026-000002', '2026-000003', '2026-000006']);
  });

  it('when a handler of two departments lists, then both merge newest first, page by page', async () => {
    const both = await createHandler(t.db.pool, 'handler', [streets, parks]);
    const all = ['2026-000001', '2026-000002', '2026-000004', '2026-000003', '2026-000006'];
    expect(await ids(both)).toEqual(all);
    expect(await ids(both, '?page_size=2&page=2')).toEqual(all.slice(2, 4));
    expect((await list(both, '?page_size=2&page=2')).body.total).toBe(5);
    expect(await ids(both, '?visibility=pending')).toEqual(['2026-000002', '2026-000004']);
  });

  it('when a handler belongs to no department yet, then the list is empty', async () => {
    const newcomer = await createHandler(t.db.pool, 'handler', []);
    expect((await list(newcomer)).body).toMatchObject({ items: [], total: 0 });
  });

  it('when a viewer lists, then only requests of their own department come', async () => {
    expect(await ids(parksViewer)).toEqual(['2026-000004']);
  });

  it('when a handler asks for another department, then 403; for requests without a department, 403', async () => {
    const other = await list(streetHandler, `?department_id=${parks}`);
    expect(other.status).toBe(403);
    expect(other.body.errors[0].description).toContain(String(parks));
    expect((await list(streetHandler, `?department_id=${streets},${parks}`)).status).toBe(403);
    expect((await list(streetHandler, '?department_id=none')).status).toBe(403);
  });

  it('when an admin filters by department or by none, then exactly those requests come', async () => {
    expect(await ids(admin, `?department_id=${parks}`)).toEqual(['2026-000004']);
    expect(await ids(admin, '?department_id=none')).toEqual(['2026-000005']);
    expect(await ids(streetHandler, `?department_id=${streets}`)).toHaveLength(4);
  });

  it('when no token is sent, then 401', async () => {
    const response = await t.api.get('/admin/v1/requests');
    expect(response.status).toBe(401);
    expectValidResponse('adminListRequests', 401, 'json', response.body);
  });
});

describe('inbox list: filters', () => {
  it.each([
    ['?detailed_status=RECEIVED,IN_PROCESS', ['2026-000001', '2026-000002', '2026-000006']],
    ['?detailed_status=PROCESSED', ['2026-000003']],
    ['?status=closed', ['2026-000003']],
    ['?visibility=pending', ['2026-000002']],
    ['?visibility=public,hidden', ['2026-000001', '2026-000003', '2026-000006']],
    ['?held=true', ['2026-000002']],
    ['?held=false', ['2026-000001', '2026-000003', '2026-000006']],
    ['?overdue=true', ['2026-000002', '2026-000003']],
    ['?overdue=false', ['2026-000001', '2026-000006']],
    ['?service_code=102', ['2026-000002']],
    ['?service_code=101,102&detailed_status=RECEIVED', ['2026-000001', '2026-000006']],
    ['?assignee_id=me', ['2026-000001']],
    ['?assignee_id=none', ['2026-000003', '2026-000006']],
    ['?bbox=25.08,60.39,25.12,60.41', ['2026-000001']],
    ['?q=HÄMEENTIE', ['2026-000003']],
    ['?q=mannerheimintie', ['2026-000001']],
    ['?q=_uoppa', []],
    ['?start_date=2025-01-01&end_date=2025-01-31', ['2026-000006']],
    [`?start_date=${encodeURIComponent(daysAgo(2.5))}`, ['2026-000001', '2026-000002']],
    [`?end_date=${encodeURIComponent(daysAgo(5))}`, ['2026-000003', '2026-000006']],
  ])('when a handler lists with %s, then exactly the matching requests come', async (query, expected) => {
    expect(await ids(streetHandler, query)).toEqual(expected);
  });

  it('when the text is only in the original, not in the published text, then the search still finds it', async () => {
    const publicText = await t.db.pool.query(`SELECT description_public FROM service_request WHERE public_id = $1`, [
      '2026-000003',
    ]);
    expect(publicText.rows[0].description_public).not.toContain('Hämeentie');
    expect(await ids(streetHandler, '?q=meentien')).toEqual(['2026-000003']);
  });

  it('when the text matches an address, then the request comes', async () => {
    expect(await ids(admin, '?q=puistokatu')).toEqual(['2026-000004']);
  });

  it('when another handler asks for assignee_id=me, then their own assignments come; a number selects that handler', async () => {
    expect(await ids(colleague, '?assignee_id=me')).toEqual(['2026-000002']);
    expect(await ids(admin, `?assignee_id=${streetHandler.id}`)).toEqual(['2026-000001']);
  });
});

describe('inbox list: summary fields', () => {
  it('when a request is listed, then the summary has the original text, cut at 200 characters, and SLA flags', async () => {
    const [first] = (await list(streetHandler, '?q=mannerheimintie')).body.items;
    expect(first).toMatchObject({
      service_request_id: '2026-000001',
      service_code: '101',
      service_name: 'Katujen kunto',
      department_id: streets,
      assignee_id: streetHandler.id,
      status: 'open',
      detailed_status: 'RECEIVED',
      visibility: 'public',
      held: false,
      overdue: false,
      title: 'Kuoppa Mannerheimintiellä',
      address: 'Mannerheimintie 1',
      lat: 60.404,
      long: 25.104,
      expected_datetime: null,
    });
    expect(first.description).toHaveLength(200);
    expect(first.description.endsWith('…')).toBe(true);
    expect(LONG_TEXT.startsWith(first.description.slice(0, -1))).toBe(true);
    expect(first.deadline_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const [held] = (await list(streetHandler, '?held=true')).body.items;
    expect(held).toMatchObject({ held: true, overdue: true, visibility: 'pending', assignee_id: colleague.id });
  });

  it('when locale=sv is asked, then service names come in Swedish', async () => {
    const [item] = (await list(streetHandler, '?q=mannerheimintie&locale=sv')).body.items;
    expect(item.service_name).toBe('Gatornas skick');
  });
});

describe('inbox list: paging and total', () => {
  it('when pages of 2 are asked, then the pages split the list and the total is counted', async () => {
    const page1 = (await list(streetHandler, '?page_size=2')).body;
    const page2 = (await list(streetHandler, '?page_size=2&page=2')).body;
    const page3 = (await list(streetHandler, '?page_size=2&page=3')).body;
    expect(page1).toMatchObject({ page: 1, page_size: 2, total: 4, total_capped: false });
    expect(page2).toMatchObject({ page: 2, page_size: 2, total: 4 });
    expect(page3).toMatchObject({ page: 3, items: [], total: 4 });
    expect([...page1.items, ...page2.items].map((i: { service_request_id: string }) => i.service_request_id)).toEqual([
      '2026-000001',
      '2026-000002',
      '2026-000003',
      '2026-000006',
    ]);
  });

  it('when the last page is not full, then the total follows from it', async () => {
    expect((await list(streetHandler, '?page_size=3&page=2')).body).toMatchObject({ total: 4, items: [{}] });
    expect((await list(streetHandler, '?q=nothing-like-this')).body).toMatchObject({ total: 0, items: [] });
  });
});

describe('inbox list: bad parameters', () => {
  it.each([
    ['detailed_status=DONE', 'detailed_status'],
    ['status=resolved', 'status'],
    ['visibility=secret', 'visibility'],
    ['held=yes', 'held'],
    ['overdue=1', 'overdue'],
    ['service_code=999', 'service_code'],
    ['department_id=streets', 'department_id'],
    ['assignee_id=someone', 'assignee_id'],
    ['q=ab', 'q'],
    ['bbox=1,2,3', 'bbox'],
    ['start_date=yesterday', 'start_date'],
    ['start_date=2026-02-01&end_date=2026-01-01', 'end_date'],
    ['end_date=2026-02-30', 'end_date'],
    ['page=0', 'page'],
    ['page_size=201', 'page_size'],
    ['locale=de', 'locale'],
    ['jurisdiction_id=nowhere.fi', 'jurisdiction_id'],
    ['sort=oldest', 'sort'],
  ])('when %s is sent, then 400 naming %s', async (query, name) => {
    const response = await list(streetHandler, `?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].description).toContain(name);
  });
});

describe('inbox list: counting is capped', () => {
  it('when more than 10 000 requests match a full page, then total stops at 10 000 and says so', async () => {
    await t.db.pool.query(
      `INSERT INTO service_request (public_id, jurisdiction_id, service_id, department_id, description_original,
                                    requested_at)
       SELECT '2024-' || lpad(n::text, 6, '0'), 'test.fi', s.id, s.department_id, 'Vanha palaute ' || n,
              '2024-01-01T00:00:00Z'::timestamptz + n * interval '1 minute'
         FROM generate_series(1, 10001) n, service s WHERE s.code = '102'`,
    );
    const capped = (await list(streetHandler, '?page_size=10')).body;
    expect(capped).toMatchObject({ total: 10000, total_capped: true });
    expect(capped.items).toHaveLength(10);
    const exact = (await list(streetHandler, '?page_size=10&start_date=2025-01-01')).body;
    expect(exact.total_capped).toBe(false);
  });
});
