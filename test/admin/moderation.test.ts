import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey, createDepartment, createService, plantRequest } from '../support/factories';
import { getBoth } from '../support/http';
import { png } from '../support/images';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let key: string;
let parksService: number;
let admin: TestHandler;
let handler: TestHandler;
let viewer: TestHandler;
let parksHandler: TestHandler;

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  const streets = (await t.db.pool.query<{ id: number }>(`SELECT id FROM department WHERE code = 'streets'`)).rows[0]
    .id;
  const parks = await createDepartment(t.db.pool, 'test.fi', 'parks', { fi: 'Puistot' });
  parksService = await createService(t.db.pool, { code: '300', departmentId: parks, moderation: 'pre' });
  admin = await createHandler(t.db.pool, 'admin');
  handler = await createHandler(t.db.pool, 'handler', [streets]);
  viewer = await createHandler(t.db.pool, 'viewer', [streets]);
  parksHandler = await createHandler(t.db.pool, 'handler', [parks]);
});
afterAll(() => t.close());

type Posted = { id: string; photoIds: string[] };

/** A request as a resident sends it, with photos (pre-moderated service 104 unless told). */
async function post(fields: Record<string, string> = {}, photos = 1): Promise<Posted> {
  const all: Record<string, string> = {
    api_key: key,
    service_code: '104',
    lat: '60.403',
    long: '25.105',
    description: 'Kuoppa pyörätiellä koulun kohdalla.',
    ...fields,
  };
  let request = t.api.post('/open311/v2/requests.json');
  for (const [name, value] of Object.entries(all)) request = request.field(name, value);
  for (let n = 0; n < photos; n += 1) request = request.attach('media', await png(40 + n, 40), `p${n}.png`);
  const response = await request;
  expect(response.status).toBe(200);
  const id = response.body[0].service_request_id as string;
  const rows = await t.db.pool.query<{ public_id: string }>(
    `SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1
      ORDER BY m.position`,
    [id],
  );
  return { id, photoIds: rows.rows.map((row) => row.public_id) };
}

const publication = (id: string, body: unknown, who: TestHandler = handler) =>
  t.api
    .patch(`/admin/v1/requests/${id}/publication`)
    .set(who.auth)
    .send(body as object);

const photoFlag = (id: string, photoId: string, body: unknown, who: TestHandler = handler) =>
  t.api
    .patch(`/admin/v1/requests/${id}/photos/${photoId}/publication`)
    .set(who.auth)
    .send(body as object);

/** The public detail in both formats (validated, XML equal to JSON); 404 when not public. */
async function publicRequest(id: string): Promise<Record<string, unknown> & { extended_attributes: never }> {
  const both = await getBoth(t.api, `/open311/v2/requests/${id}`, 'extensions=true', 'getRequest');
  return (both.json as never[])[0];
}

const expectNotPublic = (id: string) => getBoth(t.api, `/open311/v2/requests/${id}`, '', 'getRequest', 404);

async function stored(id: string) {
  const result = await t.db.pool.query(
    `SELECT visibility, title_original, title_public, description_original, description_public, updated_at
       FROM service_request WHERE public_id = $1`,
    [id],
  );
  return result.rows[0];
}

async function eventsOf(id: string) {
  const result = await t.db.pool.query(
    `SELECT e.id::text, e.kind, e.public, e.handler_id, e.data FROM request_event e
       JOIN service_request r ON r.id = e.request_id WHERE r.public_id = $1 AND e.kind <> 'created' ORDER BY e.id`,
    [id],
  );
  return result.rows;
}

const photoStatus = async (photoId: string) => (await t.api.get(`/media/${photoId}.jpg`)).status;

describe('publishing and hiding a request', () => {
  it('when a held request is published, then it appears in JSON and XML with a newer updated_datetime and an internal event', async () => {
    const { id } = await post();
    await expectNotPublic(id);
    const before = await stored(id);
    const response = await publication(id, { visibility: 'public' });
    expect(response.status).toBe(200);
    expectValidResponse('adminChangePublication', 200, 'json', response.body);
    expect(response.body).toEqual({
      service_request_id: id,
      status: 'open',
      detailed_status: 'RECEIVED',
      visibility: 'public',
      event_id: expect.any(String),
    });
    const request = await publicRequest(id);
    expect(request.description).toBe('Kuoppa pyörätiellä koulun kohdalla.');
    const after = (await stored(id)).updated_at as Date;
    expect(after.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(request.updated_datetime).toBe(`${after.toISOString().slice(0, 19)}Z`);
    expect(await eventsOf(id)).toEqual([
      {
        id: response.body.event_id,
        kind: 'published',
        public: false,
        handler_id: handler.id,
        data: { from: 'pending', to: 'public' },
      },
    ]);
    const list = await getBoth(t.api, '/open311/v2/requests', `service_request_id=${id}`, 'getRequests');
    expect(list.json).toHaveLength(1);
  });

  it('when a public request is hidden, then it is 404 in both formats, gone from lists, and its photo is not served', async () => {
    const { id, photoIds } = await post();
    await publication(id, { visibility: 'public' });
    await photoFlag(id, photoIds[0], { published: true });
    expect(await photoStatus(photoIds[0])).toBe(200);
    const response = await publication(id, { visibility: 'hidden' });
    expect(response.status).toBe(200);
    expect(response.body.visibility).toBe('hidden');
    await expectNotPublic(id);
    const list = await getBoth(t.api, '/open311/v2/requests', `service_request_id=${id}`, 'getRequests');
    expect(list.json).toEqual([]);
    expect(await photoStatus(photoIds[0])).toBe(404);
    expect((await eventsOf(id)).map((e) => [e.kind, e.data.photo_id ?? e.data.to])).toEqual([
      ['published', 'public'],
      ['photo_published', photoIds[0]],
      ['hidden', 'hidden'],
    ]);
  });

  it('when a hidden request is published again, then it is back in public output', async () => {
    const { id } = await post();
    await publication(id, { visibility: 'hidden' });
    await expectNotPublic(id);
    expect((await publication(id, { visibility: 'public' })).status).toBe(200);
    expect((await publicRequest(id)).service_request_id).toBe(id);
  });

  it('when an already public request is published again, then 200, an event, and updated_datetime stays', async () => {
    const { id } = await post();
    await publication(id, { visibility: 'public' });
    const before = (await stored(id)).updated_at.getTime();
    const response = await publication(id, { visibility: 'public' });
    expect(response.status).toBe(200);
    expect((await stored(id)).updated_at.getTime()).toBe(before);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ kind: 'published', data: { from: 'public', to: 'public' } });
  });
});

describe('the privacy gate holds against handlers', () => {
  it('when the submitter did not consent, then publishing is 409 and nothing changes', async () => {
    const { id } = await post({ service_code: '102', publication_consent: 'false' });
    const before = await stored(id);
    for (const who of [handler, admin]) {
      const response = await publication(id, { visibility: 'public', force: true }, who);
      expect(response.status).toBe(409);
      expectValidResponse('adminChangePublication', 409, 'json', response.body);
      expect(response.body.errors[0].description).toContain('did not consent');
    }
    expect(await stored(id)).toEqual(before);
    expect(await eventsOf(id)).toEqual([]);
    await expectNotPublic(id);
  });

  it('when the service is never public, then publishing the request or its photo is 409', async () => {
    const { id, photoIds } = await post({ service_code: '900' });
    const response = await publication(id, { visibility: 'public' });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].description).toContain('never public');
    const photo = await photoFlag(id, photoIds[0], { published: true });
    expect(photo.status).toBe(409);
    expectValidResponse('adminSetPhotoPublished', 409, 'json', photo.body);
    expect((await stored(id)).visibility).toBe('pending');
    expect(await eventsOf(id)).toEqual([]);
    await expectNotPublic(id);
    expect(await photoStatus(photoIds[0])).toBe(404);
  });

  it('when the request without consent is only edited or hidden, then that is allowed', async () => {
    const { id } = await post({ publication_consent: 'false' });
    expect((await publication(id, { description_public: 'Kuoppa.' })).status).toBe(200);
    expect((await publication(id, { visibility: 'hidden' })).status).toBe(200);
    await expectNotPublic(id);
  });
});

describe('editing the public text (redaction)', () => {
  it('when the public text is edited, then the redacted text shows in JSON and XML and the original stays for handlers', async () => {
    const { id } = await post({
      title: 'Kuoppa Mannerheimintie 5',
      description: 'Kuoppa talon 5 kohdalla, soita Matille.',
    });
    const response = await publication(id, {
      visibility: 'public',
      title_public: 'Kuoppa Mannerheimintiellä',
      description_public: 'Kuoppa talon kohdalla.',
    });
    expect(response.status).toBe(200);
    const request = await publicRequest(id);
    expect(request.description).toBe('Kuoppa talon kohdalla.');
    expect(request.extended_attributes).toMatchObject({ title: 'Kuoppa Mannerheimintiellä' });
    const xml = await t.api.get(`/open311/v2/requests/${id}.xml?extensions=true`);
    expect(xml.text).toContain('<description>Kuoppa talon kohdalla.</description>');
    expect(xml.text).not.toContain('Matille');
    expect(await stored(id)).toMatchObject({
      title_original: 'Kuoppa Mannerheimintie 5',
      description_original: 'Kuoppa talon 5 kohdalla, soita Matille.',
    });
    expect((await eventsOf(id)).map((e) => [e.kind, e.data])).toEqual([
      ['text_edited', { fields: ['title_public', 'description_public'] }],
      ['published', { from: 'pending', to: 'public' }],
    ]);
  });

  it('when a public request is edited, then the change shows and updated_datetime moves; a null title removes it', async () => {
    const { id } = await post({ title: 'Otsikko' });
    await publication(id, { visibility: 'public' });
    const before = (await stored(id)).updated_at.getTime();
    const response = await publication(id, { title_public: null, description_public: 'Uusi julkinen teksti.' });
    expect(response.status).toBe(200);
    expect((await stored(id)).updated_at.getTime()).toBeGreaterThan(before);
    const request = await publicRequest(id);
    expect(request.description).toBe('Uusi julkinen teksti.');
    expect(request.extended_attributes).toMatchObject({ title: null });
  });

  it('when a pending or hidden request is edited, then the text changes but it stays out of public output', async () => {
    const { id } = await post();
    expect((await publication(id, { description_public: 'Muokattu odottaessa.' })).body.visibility).toBe('pending');
    await publication(id, { visibility: 'hidden' });
    expect((await publication(id, { description_public: 'Muokattu piilossa.' })).body.visibility).toBe('hidden');
    expect((await stored(id)).description_public).toBe('Muokattu piilossa.');
    await expectNotPublic(id);
  });

  it('when screening held a request, then publishing shows the automatic redaction, not the identity code', async () => {
    const { id } = await post({ service_code: '102', description: 'Roskia, hetu 131052-308T pihalla.' });
    await expectNotPublic(id);
    expect((await publication(id, { visibility: 'public' })).status).toBe(200);
    const request = await publicRequest(id);
    expect(request.description).toBe('Roskia, hetu [henkilötunnus poistettu] pihalla.');
  });

  it('when the public text still has an identifier, then publishing is 409 naming field and kind, and force overrides', async () => {
    const { id } = await post();
    const body = { visibility: 'public', description_public: 'Soita numeroon 040 123 4567, kuoppa on syvä.' };
    const refused = await publication(id, body);
    expect(refused.status).toBe(409);
    expectValidResponse('adminChangePublication', 409, 'json', refused.body);
    expect(refused.body.errors[0].description).toContain('description_public: phone_number');
    expect(refused.body.errors[0].description).not.toContain('040 123 4567');
    expect(await stored(id)).toMatchObject({
      visibility: 'pending',
      description_public: 'Kuoppa pyörätiellä koulun kohdalla.',
    });
    expect(await eventsOf(id)).toEqual([]);
    const forced = await publication(id, { ...body, force: true });
    expect(forced.status).toBe(200);
    expect((await publicRequest(id)).description).toBe(body.description_public);
    expect((await eventsOf(id)).at(-1)?.data).toEqual({
      from: 'pending',
      to: 'public',
      forced: [{ field: 'description_public', kind: 'phone_number' }],
    });
  });

  it('when an identifier is written into a public request title, then 409; into a pending one, then allowed', async () => {
    const { id } = await post();
    await publication(id, { visibility: 'public' });
    const refused = await publication(id, { title_public: 'Kuoppa, tiedot matti@example.com' });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].description).toContain('title_public: email');
    const pending = await post();
    expect((await publication(pending.id, { title_public: 'Kuoppa, tiedot matti@example.com' })).status).toBe(200);
  });
});

describe('photo publish flags', () => {
  it('when a photo is released, then it shows in media_url (JSON and XML) and is served; withdrawn, then neither', async () => {
    const { id, photoIds } = await post({}, 2);
    await publication(id, { visibility: 'public' });
    expect((await publicRequest(id)).media_url).toBeNull();
    expect(await photoStatus(photoIds[1])).toBe(404);
    const response = await photoFlag(id, photoIds[1], { published: true });
    expect(response.status).toBe(200);
    expectValidResponse('adminSetPhotoPublished', 200, 'json', response.body);
    const url = `http://palaute.test/media/${photoIds[1]}.jpg`;
    const request = await publicRequest(id);
    expect(request.media_url).toBe(url);
    expect(request.extended_attributes).toMatchObject({ media_urls: [url] });
    expect(await photoStatus(photoIds[1])).toBe(200);
    expect(await photoStatus(photoIds[0])).toBe(404);
    expect((await photoFlag(id, photoIds[1], { published: false })).status).toBe(200);
    expect((await publicRequest(id)).media_url).toBeNull();
    expect(await photoStatus(photoIds[1])).toBe(404);
    expect((await eventsOf(id)).slice(1).map((e) => [e.kind, e.handler_id, e.public, e.data])).toEqual([
      ['photo_published', handler.id, false, { photo_id: photoIds[1], from: false, to: true }],
      ['photo_hidden', handler.id, false, { photo_id: photoIds[1], from: true, to: false }],
    ]);
  });

  it('when a photo of a pending request is released, then it shows only once the request is published', async () => {
    const { id, photoIds } = await post();
    expect((await photoFlag(id, photoIds[0], { published: true })).body.visibility).toBe('pending');
    expect(await photoStatus(photoIds[0])).toBe(404);
    await publication(id, { visibility: 'public' });
    expect((await publicRequest(id)).media_url).toBe(`http://palaute.test/media/${photoIds[0]}.jpg`);
    expect(await photoStatus(photoIds[0])).toBe(200);
  });

  it('when the photo is unknown, malformed or belongs to another request, then 404', async () => {
    const { id } = await post();
    const other = await post();
    for (const photoId of ['0123456789abcdef0123456789abcdef', 'not-a-photo', other.photoIds[0]]) {
      const response = await photoFlag(id, photoId, { published: true });
      expect(response.status).toBe(404);
      expectValidResponse('adminSetPhotoPublished', 404, 'json', response.body);
    }
    expect(await eventsOf(id)).toEqual([]);
  });
});

describe('who may moderate', () => {
  it('when a viewer or a handler of another department tries, then 403 and nothing changes', async () => {
    const { id, photoIds } = await post();
    for (const who of [viewer, parksHandler]) {
      const response = await publication(id, { visibility: 'public' }, who);
      expect(response.status).toBe(403);
      expectValidResponse('adminChangePublication', 403, 'json', response.body);
      const photo = await photoFlag(id, photoIds[0], { published: true }, who);
      expect(photo.status).toBe(403);
      expectValidResponse('adminSetPhotoPublished', 403, 'json', photo.body);
    }
    expect((await stored(id)).visibility).toBe('pending');
    expect(await eventsOf(id)).toEqual([]);
  });

  it('when a viewer sends a bad body, then still 403, not 400', async () => {
    const { id } = await post();
    expect((await publication(id, { nonsense: 1 }, viewer)).status).toBe(403);
  });

  it('when an admin or the parks handler moderates a parks request, then 200', async () => {
    const parksRequest = await plantRequest(t.db.pool, {
      serviceId: parksService,
      publicId: '2026-900001',
      visibility: 'pending',
    });
    await t.db.pool.query(
      `UPDATE service_request SET department_id = s.department_id FROM service s
                            WHERE s.id = service_request.service_id AND public_id = $1`,
      [parksRequest],
    );
    expect((await publication(parksRequest, { visibility: 'public' }, parksHandler)).status).toBe(200);
    expect((await publication(parksRequest, { visibility: 'hidden' }, admin)).status).toBe(200);
    expect((await publication(parksRequest, { visibility: 'public' }, handler)).status).toBe(403);
  });

  it('when no token is sent, then 401; when the request is unknown, then 404', async () => {
    const anonymous = await t.api.patch('/admin/v1/requests/2026-000001/publication').send({ visibility: 'public' });
    expect(anonymous.status).toBe(401);
    expectValidResponse('adminChangePublication', 401, 'json', anonymous.body);
    const unknown = await publication('2099-999999', { visibility: 'public' }, admin);
    expect(unknown.status).toBe(404);
    expectValidResponse('adminChangePublication', 404, 'json', unknown.body);
    const photo = await photoFlag('2099-999999', '0123456789abcdef0123456789abcdef', { published: true }, admin);
    expect(photo.status).toBe(404);
  });
});

describe('bad bodies', () => {
  it.each([
    ['an empty body', {}, 'body'],
    ['only force', { force: true }, 'visibility'],
    ['an unknown field', { visibility: 'public', status: 'closed' }, 'unknown field "status"'],
    ['visibility pending', { visibility: 'pending' }, 'visibility must be one of "public", "hidden"'],
    ['a numeric title', { title_public: 5 }, 'title_public'],
    ['an empty description', { description_public: '' }, 'description_public'],
    ['a blank description', { description_public: '   ' }, 'description_public'],
    ['a null description', { description_public: null }, 'description_public'],
    ['force as a string', { visibility: 'public', force: 'yes' }, 'force'],
    ['an array', [{ visibility: 'public' }], 'body'],
  ])('when publication gets %s, then 400 naming the problem', async (_what, body, text) => {
    const { id } = await post();
    const response = await publication(id, body);
    expect(response.status).toBe(400);
    expectValidResponse('adminChangePublication', 400, 'json', response.body);
    expect(response.body.errors.map((e: { description: string }) => e.description).join('; ')).toContain(text);
    expect(await eventsOf(id)).toEqual([]);
  });

  it.each([
    ['an empty body', {}, "must have required property 'published'"],
    ['a string flag', { published: 'true' }, 'published must be boolean'],
    ['an unknown field', { published: true, position: 1 }, 'unknown field "position"'],
  ])('when a photo flag gets %s, then 400', async (_what, body, text) => {
    const { id, photoIds } = await post();
    const response = await photoFlag(id, photoIds[0], body);
    expect(response.status).toBe(400);
    expectValidResponse('adminSetPhotoPublished', 400, 'json', response.body);
    expect(response.body.errors.map((e: { description: string }) => e.description).join('; ')).toContain(text);
  });

  it('when the body is not JSON, then 400', async () => {
    const { id } = await post();
    const text = await t.api
      .patch(`/admin/v1/requests/${id}/publication`)
      .set(handler.auth)
      .set('Content-Type', 'application/json')
      .send('{"visibility":');
    expect(text.status).toBe(400);
    const form = await t.api
      .patch(`/admin/v1/requests/${id}/publication`)
      .set(handler.auth)
      .type('form')
      .send({ visibility: 'public' });
    expect(form.status).toBe(400);
    expect((await stored(id)).visibility).toBe('pending');
  });
});
