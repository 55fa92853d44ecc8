import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * The inbox's `sort` (docs/staff-intake.md, "Inbox order"): by receipt, deadline or last change,
 * either way, ties broken by the request in the same direction, so that walking the pages gives
 * every request exactly once, for one department, several departments (merged per department)
 * and an admin's whole city alike. The default stays newest first.
 */
let t: TestContext;
let streets: number;
let parks: number;
let admin: TestHandler;
let streetHandler: TestHandler;
let bothHandler: TestHandler;

type Planted = {
  publicId: string;
  id: number;
  departmentId: number;
  requested: number;
  deadline: number | null;
  updated: number;
};
const planted: Planted[] = [];

const BASE = Date.parse('2026-03-02T08:00:00Z');
const at = (hours: number) => new Date(BASE + hours * 3600000).toISOString();

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  parks = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistopalvelut' });
  const streetService = await createService(pool, { code: '100', departmentId: streets });
  const parkService = await createService(pool, { code: '200', departmentId: parks });
  admin = await createHandler(pool, 'admin');
  streetHandler = await createHandler(pool, 'handler', [streets]);
  bothHandler = await createHandler(pool, 'handler', [streets, parks]);
  // Equal times on purpose (ties), a request without a deadline, and orders that disagree.
  const specs: [number, number, number | null, number][] = [
    [streets, 0, 40, 5],
    [parks, 1, 10, 5],
    [streets, 1, 40, 2],
    [streets, 3, null, 9],
    [parks, 3, 20, 1],
    [streets, 5, 10, 5],
    [parks, 6, 40, 7],
    [streets, 6, 30, 7],
    [parks, 8, null, 3],
  ];
  for (const [index, [departmentId, requested, deadline, updated]] of specs.entries()) {
    const publicId = `2026-${String(index + 1).padStart(6, '0')}`;
    await plantRequest(pool, {
      serviceId: departmentId === streets ? streetService : parkService,
      publicId,
      requestedAt: at(requested),
      updatedAt: at(updated),
    });
    const row = await pool.query<{ id: string }>(
      `UPDATE service_request SET department_id = $2, deadline_at = $3 WHERE public_id = $1 RETURNING id`,
      [publicId, departmentId, deadline === null ? null : at(deadline)],
    );
    planted.push({ publicId, id: Number(row.rows[0].id), departmentId, requested, deadline, updated });
  }
});
afterAll(() => t.close());

const KEYS = { received: 'requested', deadline: 'deadline', changed: 'updated' } as const;

/** The order the document promises, computed here from what was planted. */
function expected(sort: string, departments: number[] | null): string[] {
  const descending = sort.startsWith('-');
  const key = KEYS[(descending ? sort.slice(1) : sort) as keyof typeof KEYS];
  // NULL deadlines sort as later than any deadline (PostgreSQL's default), so last ascending, first descending.
  const value = (p: Planted) => p[key] ?? Number.POSITIVE_INFINITY;
  return planted
    .filter((p) => departments === null || departments.includes(p.departmentId))
    .sort((a, b) => {
      const order = value(a) - value(b) || a.id - b.id;
      return descending ? -order : order;
    })
    .map((p) => p.publicId);
}

/** Every page of the inbox, `pageSize` at a time. */
async function walk(who: TestHandler, query: string, pageSize: number): Promise<string[]> {
  const seen: string[] = [];
  for (let page = 1; page <= 20; page += 1) {
    const response = await t.api.get(`/admin/v1/requests?${query}&page_size=${pageSize}&page=${page}`).set(who.auth);
    expect(response.status).toBe(200);
    expectValidResponse('adminListRequests', 200, 'json', response.body);
    const ids = (response.body.items as { service_request_id: string }[]).map((item) => item.service_request_id);
    seen.push(...ids);
    if (ids.length < pageSize) break;
  }
  return seen;
}

const SORTS = ['received', '-received', 'deadline', '-deadline', 'changed', '-changed'];

describe('inbox sorting', () => {
  const cells = SORTS.flatMap((sort) =>
    (['an admin (whole city)', 'a handler of one department', 'a handler of two departments'] as const).map(
      (who) => [sort, who] as const,
    ),
  );

  it.each(cells)('when sorted by %s for %s, then every page follows the order and none overlaps', async (sort, who) => {
    const [handler, departments] =
      who === 'an admin (whole city)'
        ? [admin, null]
        : who === 'a handler of one department'
          ? [streetHandler, [streets]]
          : [bothHandler, [streets, parks]];
    const want = expected(sort, departments);
    for (const pageSize of [2, 3, 200]) {
      expect(await walk(handler, `sort=${encodeURIComponent(sort)}`, pageSize)).toEqual(want);
    }
  });

  it('when no sort is asked for, then the inbox is newest first as before', async () => {
    expect(await walk(bothHandler, 'status=open', 4)).toEqual(expected('-received', [streets, parks]));
    expect(await walk(admin, 'status=open', 200)).toEqual(expected('-received', null));
  });

  it('when sorted together with filters, then the filters still hold', async () => {
    const ids = await walk(admin, 'sort=deadline&department_id=' + parks, 2);
    expect(ids).toEqual(expected('deadline', [parks]));
  });

  it.each(['newest', 'deadline,changed', '+deadline', 'DEADLINE'])(
    'when sort=%s, then 400 names sort',
    async (sort) => {
      const response = await t.api.get(`/admin/v1/requests?sort=${encodeURIComponent(sort)}`).set(admin.auth);
      expect(response.status).toBe(400);
      expectValidResponse('adminListRequests', 400, 'json', response.body);
      expect(response.body.errors[0].description).toMatch(/^sort/);
    },
  );
});
