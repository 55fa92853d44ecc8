import sharp from 'sharp';
import { EVENT_KINDS } from '../../src/domain/event-kinds';
import { recordEvent } from '../../src/repositories/admin/events';
import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createApiKey, createDepartment, createService, plantRequest } from '../support/factories';
import { jpeg } from '../support/images';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let catalogue: TestCatalogue;
let key: string;
let streets: number;
let admin: TestHandler;
let handler: TestHandler;
let viewer: TestHandler;
let outsider: TestHandler;
let requestId: string;

/** A pre-moderated request with a photo, sent by a resident through the public API. */
async function postWithPhoto(): Promise<string> {
  const response = await t.api
    .post('/open311/v2/requests.json')
    .field('api_key', key)
    .field('service_code', '104')
    .field('lat', '60.404')
    .field('long', '25.104')
    .field('title', 'Kaatunut puu')
    .field('description', 'Puu kaatui tielle, soittakaa 040 123 4567.')
    .field('email', 'maija@example.fi')
    .field('phone', '+358401234567')
    .field('first_name', 'Maija')
    .field('last_name', 'Meikäläinen')
    .field('device_id', 'device-42')
    .attach('media', await jpeg(640, 480), 'puu.jpg');
  expect(response.status).toBe(200);
  return response.body[0].service_request_id as string;
}

beforeAll(async () => {
  t = await createTestContext();
  catalogue = await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool, 'Kaupunkisovellus');
  streets = (await t.db.pool.query(`SELECT id FROM department WHERE code = 'streets'`)).rows[0].id;
  const parks = await createDepartment(t.db.pool, 'test.fi', 'parks', { fi: 'Puistot' });
  await createService(t.db.pool, { code: '300', departmentId: parks });
  admin = await createHandler(t.db.pool, 'admin');
  handler = await createHandler(t.db.pool, 'handler', [streets], 'katu.kasittelija@city.test');
  viewer = await createHandler(t.db.pool, 'viewer', [streets]);
  outsider = await createHandler(t.db.pool, 'handler', [parks]);
  requestId = await postWithPhoto();
  const internal = (await t.db.pool.query(`SELECT id FROM service_request WHERE public_id = $1`, [requestId])).rows[0]
    .id as string;
  const client = await t.db.pool.connect();
  try {
    await recordEvent(client, {
      requestId: internal,
      kind: EVENT_KINDS.note,
      handlerId: handler.id,
      public: false,
      note: 'Soitin asukkaalle, puu on jo siirretty.',
      data: { channel: 'phone' },
    });
  } finally {
    client.release();
  }
});
afterAll(() => t.close());

async function detail(who: TestHandler, id = requestId, query = '') {
  const response = await t.api.get(`/admin/v1/requests/${id}${query}`).set(who.auth);
  expectValidResponse('adminGetRequest', response.status, 'json', response.body);
  return response;
}

const pathOf = (url: string) => new URL(url).pathname;

describe('inbox detail', () => {
  it('when a handler of the department opens a request, then contact details, both texts and screening hits show', async () => {
    const response = await detail(handler);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.body).toMatchObject({
      service_request_id: requestId,
      service_code: '104',
      department_id: streets,
      visibility: 'pending',
      held: true,
      publication_consent: true,
      title: 'Kaatunut puu',
      description: 'Puu kaatui tielle, soittakaa 040 123 4567.',
      description_public: expect.not.stringContaining('040 123 4567'),
      screening_hits: [{ field: 'description', kind: 'phone_number' }],
      contact: {
        email: 'maija@example.fi',
        phone: '+358401234567',
        first_name: 'Maija',
        last_name: 'Meikäläinen',
        account_id: null,
        device_id: 'device-42',
      },
      application: 'Kaupunkisovellus',
      assignee: null,
      duplicate_of: null,
      duplicates: [],
    });
  });

  it('when the audit log is read, then internal notes come with the handler who wrote them, oldest first', async () => {
    const { events } = (await detail(viewer)).body;
    expect(events).toEqual([
      expect.objectContaining({ kind: 'created', public: true, detailed_status: 'RECEIVED', handler: null }),
      expect.objectContaining({
        kind: 'note',
        public: false,
        note: 'Soitin asukkaalle, puu on jo siirretty.',
        data: { channel: 'phone' },
        actor: 'handler',
        handler: { id: handler.id, name: expect.any(String), email: 'katu.kasittelija@city.test' },
      }),
    ]);
  });

  it('when the photo is unpublished, then the detail lists it with its flag and an admin URL that serves it', async () => {
    const { photos } = (await detail(handler)).body;
    expect(photos).toEqual([
      expect.objectContaining({ position: 1, published: false, width: 640, height: 480, bytes: expect.any(Number) }),
    ]);
    const [photo] = photos;
    expect(pathOf(photo.url)).toBe(`/admin/v1/requests/${requestId}/photos/${photo.photo_id}.jpg`);
    const full = await t.api.get(pathOf(photo.url)).set(handler.auth).buffer(true);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.headers['cache-control']).toBe('private, no-store');
    expect((await sharp(full.body as Buffer).metadata()).width).toBe(640);
    const thumb = await t.api.get(pathOf(photo.thumbnail_url)).set(viewer.auth).buffer(true);
    expect(thumb.status).toBe(200);
    expect((await sharp(thumb.body as Buffer).metadata()).width).toBeLessThanOrEqual(320);
    expect((await t.api.get(`/media/${photo.photo_id}.jpg`)).status).toBe(404);
  });

  it('when the photo is asked without a token, by another department, under another request or unknown, then 401, 403, 404', async () => {
    const [photo] = (await detail(handler)).body.photos;
    const path = pathOf(photo.url);
    expect((await t.api.get(path)).status).toBe(401);
    const forbidden = await t.api.get(path).set(outsider.auth);
    expect(forbidden.status).toBe(403);
    expectValidResponse('adminGetRequestPhoto', 403, 'json', forbidden.body);
    const other = await plantRequest(t.db.pool, { serviceId: catalogue.litter, publicId: '2026-900001' });
    await t.db.pool.query(`UPDATE service_request SET department_id = $1 WHERE public_id = $2`, [streets, other]);
    const elsewhere = await t.api.get(`/admin/v1/requests/${other}/photos/${photo.photo_id}.jpg`).set(handler.auth);
    expect(elsewhere.status).toBe(404);
    expectValidResponse('adminGetRequestPhoto', 404, 'json', elsewhere.body);
    const unknown = `/admin/v1/requests/${requestId}/photos/${'0'.repeat(32)}.jpg`;
    expect((await t.api.get(unknown).set(handler.auth)).status).toBe(404);
    expect((await t.api.get(`/admin/v1/requests/${requestId}/photos/..%2Fsecret.jpg`).set(admin.auth)).status).toBe(
      404,
    );
  });

  it('when a handler of another department opens the request, then 403; a viewer and an admin may read it', async () => {
    const response = await detail(outsider);
    expect(response.status).toBe(403);
    expect(JSON.stringify(response.body)).not.toContain('maija');
    expect((await detail(viewer)).status).toBe(200);
    expect((await detail(admin)).status).toBe(200);
  });

  it('when the request is unknown, then 404; when locale is malformed, then 400', async () => {
    expect((await detail(admin, '2026-999999')).status).toBe(404);
    const bad = await detail(admin, requestId, '?locale=xx-yy-zz');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].description).toContain('locale');
  });

  it('when requests are marked duplicates of this one, then each side names the other', async () => {
    const original = await plantRequest(t.db.pool, { serviceId: catalogue.litter, publicId: '2026-900010' });
    const copy = await plantRequest(t.db.pool, { serviceId: catalogue.litter, publicId: '2026-900011' });
    await t.db.pool.query(
      `UPDATE service_request SET department_id = $1,
              duplicate_of = CASE WHEN public_id = $3 THEN (SELECT id FROM service_request WHERE public_id = $2) END
        WHERE public_id IN ($2, $3)`,
      [streets, original, copy],
    );
    expect((await detail(handler, original)).body).toMatchObject({ duplicates: [copy], duplicate_of: null });
    expect((await detail(handler, copy)).body).toMatchObject({ duplicates: [], duplicate_of: original });
  });

  it('when the request is assigned and has a deadline, then the assignee and SLA times show; locale picks the service name', async () => {
    await t.db.pool.query(
      `UPDATE service_request SET assignee_id = $1, deadline_at = '2026-01-09T10:00:00Z',
              first_handled_at = '2026-01-12T08:00:00Z' WHERE public_id = $2`,
      [handler.id, requestId],
    );
    const body = (await detail(admin, requestId, '?locale=en')).body;
    expect(body).toMatchObject({
      assignee_id: handler.id,
      assignee: { id: handler.id, email: 'katu.kasittelija@city.test' },
      deadline_datetime: '2026-01-09T10:00:00Z',
      first_handled_datetime: '2026-01-12T08:00:00Z',
      overdue: true,
      service_name: 'Service 104',
    });
  });
});
