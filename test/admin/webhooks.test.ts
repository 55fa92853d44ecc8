/**
 * Webhooks through the admin API (docs/webhooks.md): create, list, read, change and delete a
 * city's webhooks; the target rules (http(s) only, no link-local or cloud-metadata address,
 * private and loopback allowed); the secret shown once; city scoping; the audit log. Every
 * answer is checked against the OpenAPI document.
 */
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createJurisdiction } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let instanceAdmin: TestHandler;
let cityAdmin: TestHandler;
let otherCityAdmin: TestHandler;
let handler: TestHandler;

async function adminOf(city: string): Promise<TestHandler> {
  const id = await insertHandler(t.db.pool, { email: `admin@${city}`, role: 'admin', jurisdictionId: city });
  const token = await issueHandlerToken(t.db.pool, id, 'test');
  return { id, token, auth: { Authorization: `Bearer ${token}` } };
}

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  await createJurisdiction(t.db.pool, 'muu.fi');
  instanceAdmin = await createHandler(t.db.pool, 'admin');
  cityAdmin = await adminOf('test.fi');
  otherCityAdmin = await adminOf('muu.fi');
  handler = await createHandler(t.db.pool, 'handler', [], 'kasittelija@test.fi');
  await t.db.pool.query(`UPDATE handler SET jurisdiction_id = 'test.fi' WHERE id = $1`, [handler.id]);
});
afterAll(() => t.close());

const create = (body: object, who: TestHandler = cityAdmin) =>
  t.api.post('/admin/v1/webhooks').set(who.auth).send(body);
const count = async () => Number((await t.db.pool.query('SELECT count(*) FROM webhook')).rows[0].count);
const audit = async (webhookId: number) =>
  (
    await t.db.pool.query('SELECT handler_id, kind, data FROM webhook_event WHERE webhook_id = $1 ORDER BY id', [
      webhookId,
    ])
  ).rows;

const VALID = { url: 'http://127.0.0.1:9/hook', events: ['request.created', 'request.status_changed'] };

describe('POST /admin/v1/webhooks', () => {
  it('when a city admin creates one without a secret, then a secret is generated, shown once, stored and audited without it', async () => {
    const created = await create({ ...VALID, name: 'Asianhallinta' });
    expect(created.status).toBe(201);
    expectValidResponse('adminCreateWebhook', 201, 'json', created.body);
    expect(created.body).toMatchObject({
      name: 'Asianhallinta',
      url: 'http://127.0.0.1:9/hook',
      events: ['request.created', 'request.status_changed'],
      active: true,
      jurisdiction_id: 'test.fi',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const id = created.body.webhook_id as number;
    const stored = await t.db.pool.query('SELECT secret FROM webhook WHERE id = $1', [id]);
    expect(stored.rows[0].secret).toBe(created.body.secret);
    const read = await t.api.get(`/admin/v1/webhooks/${id}`).set(cityAdmin.auth);
    expectValidResponse('adminGetWebhook', 200, 'json', read.body);
    expect(read.body).not.toHaveProperty('secret');
    const list = await t.api.get('/admin/v1/webhooks').set(cityAdmin.auth);
    expectValidResponse('adminListWebhooks', 200, 'json', list.body);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    expect(await audit(id)).toEqual([
      {
        handler_id: cityAdmin.id,
        kind: 'webhook_created',
        data: {
          name: 'Asianhallinta',
          url: 'http://127.0.0.1:9/hook',
          events: VALID.events,
          active: true,
          jurisdiction_id: 'test.fi',
        },
      },
    ]);
  });

  it('when a secret is given, then it is the one shown; the name defaults to the host', async () => {
    const created = await create({ ...VALID, secret: 'oma-salaisuus-1234567890' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ secret: 'oma-salaisuus-1234567890', name: '127.0.0.1:9' });
  });

  it.each([
    ['private network', 'http://10.20.30.40/palaute'],
    ['loopback by name', 'http://localhost:8080/hook'],
    ['https', 'https://192.168.1.10:8443/hook'],
    ['IPv6 loopback', 'http://[::1]:8080/hook'],
  ])('when the target is on a %s, then it is allowed', async (_what, url) => {
    const created = await create({ ...VALID, url });
    expect(created.status).toBe(201);
  });

  it.each([
    ['an ftp URL', 'ftp://10.0.0.1/hook', 'only http and https'],
    ['a file URL', 'file:///etc/passwd', 'only http and https'],
    ['not a URL', 'asianhallinta', 'is not an absolute URL'],
    ['a link-local address', 'http://169.254.169.254/latest/meta-data/', 'link-local or cloud-metadata'],
    ['a link-local IPv6 address', 'http://[fe80::1]/hook', 'link-local or cloud-metadata'],
    ['an IPv4-mapped link-local address', 'http://[::ffff:169.254.169.254]/', 'link-local or cloud-metadata'],
    ['the Alibaba metadata address', 'http://100.100.100.200/', 'link-local or cloud-metadata'],
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/', 'link-local or cloud-metadata'],
    ['the Google metadata host', 'http://metadata.google.internal/computeMetadata/v1/', 'cloud-metadata host'],
    ['credentials in the URL', 'http://user:pass@10.0.0.1/', 'user names and passwords'],
    ['a host that does not resolve', 'http://no-such-host.invalid/hook', 'does not resolve'],
  ])('when the target is %s, then 400 names the problem and nothing is stored', async (_what, url, problem) => {
    const before = await count();
    const refused = await create({ ...VALID, url });
    expect(refused.status).toBe(400);
    expectValidResponse('adminCreateWebhook', 400, 'json', refused.body);
    expect(refused.body.errors[0].description).toContain(problem);
    expect(await count()).toBe(before);
  });

  it.each([
    [{ url: VALID.url, events: ['request.closed'] }, 'events.0 must be one of'],
    [{ url: VALID.url, events: [] }, 'events must NOT have fewer than 1 items'],
    [{ url: VALID.url }, "must have required property 'events'"],
    [{ ...VALID, secret: 'short' }, 'secret must NOT have fewer than 16 characters'],
    [{ ...VALID, bogus: 1 }, 'unknown field "bogus"'],
  ])('when the body is %j, then 400 names the problem', async (body, problem) => {
    const refused = await create(body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { description: string }) => e.description).join('; ')).toContain(problem);
  });

  it('when a city admin names another city, then 403; an instance admin must name the city of several', async () => {
    expect((await create({ ...VALID, jurisdiction_id: 'muu.fi' })).status).toBe(403);
    const unnamed = await create(VALID, instanceAdmin);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors[0].description).toContain('jurisdiction_id is required');
    const named = await create({ ...VALID, jurisdiction_id: 'muu.fi' }, instanceAdmin);
    expect(named.status).toBe(201);
    expect(named.body.jurisdiction_id).toBe('muu.fi');
  });

  it('when a handler asks, then 403 before anything else', async () => {
    const before = await count();
    const refused = await create(VALID, handler);
    expect(refused.status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('one city cannot see or touch another city’s webhooks', () => {
  it('when the other city’s admin reads, changes or deletes one, then 404 as for an unknown id, and the list leaves it out', async () => {
    const id = (await create(VALID)).body.webhook_id as number;
    for (const call of [
      t.api.get(`/admin/v1/webhooks/${id}`),
      t.api.patch(`/admin/v1/webhooks/${id}`).send({ active: false }),
      t.api.delete(`/admin/v1/webhooks/${id}`),
      t.api.get(`/admin/v1/webhooks/${id}/deliveries`),
    ]) {
      const refused = await call.set(otherCityAdmin.auth);
      expect(refused.status).toBe(404);
    }
    const list = await t.api.get('/admin/v1/webhooks').set(otherCityAdmin.auth);
    expect(list.body.items.map((w: { jurisdiction_id: string }) => w.jurisdiction_id)).not.toContain('test.fi');
    const all = await t.api.get('/admin/v1/webhooks').set(instanceAdmin.auth);
    expect(all.body.items.map((w: { webhook_id: number }) => w.webhook_id)).toContain(id);
    const one = await t.api.get('/admin/v1/webhooks?jurisdiction_id=muu.fi').set(instanceAdmin.auth);
    expect(one.body.items.every((w: { jurisdiction_id: string }) => w.jurisdiction_id === 'muu.fi')).toBe(true);
    expect((await t.api.get(`/admin/v1/webhooks/${id}`).set(cityAdmin.auth)).status).toBe(200);
  });
});

describe('PATCH and DELETE /admin/v1/webhooks/{webhook_id}', () => {
  it('when fields change, then the answer has them, the new secret is never shown and the audit has the previous values', async () => {
    const id = (await create(VALID)).body.webhook_id as number;
    const changed = await t.api
      .patch(`/admin/v1/webhooks/${id}`)
      .set(cityAdmin.auth)
      .send({
        url: 'https://10.1.2.3/uusi',
        events: ['request.answered'],
        secret: 'uusi-salaisuus-0987654321',
        active: false,
      });
    expect(changed.status).toBe(200);
    expectValidResponse('adminUpdateWebhook', 200, 'json', changed.body);
    expect(changed.body).toMatchObject({ url: 'https://10.1.2.3/uusi', events: ['request.answered'], active: false });
    expect(JSON.stringify(changed.body)).not.toContain('uusi-salaisuus');
    expect((await t.db.pool.query('SELECT secret FROM webhook WHERE id = $1', [id])).rows[0].secret).toBe(
      'uusi-salaisuus-0987654321',
    );
    const updated = (await audit(id)).find((row) => row.kind === 'webhook_updated');
    expect(updated.data).toEqual({
      changes: { url: 'https://10.1.2.3/uusi', events: ['request.answered'], active: false },
      previous: { url: VALID.url, events: VALID.events, active: true },
      secret_changed: true,
    });
    expect(JSON.stringify(await audit(id))).not.toContain('uusi-salaisuus');
  });

  it('when the new url is a metadata address, then 400 and nothing changes', async () => {
    const id = (await create(VALID)).body.webhook_id as number;
    const refused = await t.api
      .patch(`/admin/v1/webhooks/${id}`)
      .set(cityAdmin.auth)
      .send({ url: 'http://169.254.169.254/' });
    expect(refused.status).toBe(400);
    expectValidResponse('adminUpdateWebhook', 400, 'json', refused.body);
    expect((await t.db.pool.query('SELECT url FROM webhook WHERE id = $1', [id])).rows[0].url).toBe(VALID.url);
  });

  it('when a webhook is deleted, then it is 404, off the list, its waiting deliveries given up, its row and audit kept', async () => {
    const id = (await create(VALID)).body.webhook_id as number;
    const deleted = await t.api.delete(`/admin/v1/webhooks/${id}`).set(cityAdmin.auth);
    expect(deleted.status).toBe(204);
    expect((await t.api.get(`/admin/v1/webhooks/${id}`).set(cityAdmin.auth)).status).toBe(404);
    expect((await t.api.delete(`/admin/v1/webhooks/${id}`).set(cityAdmin.auth)).status).toBe(404);
    const list = await t.api.get('/admin/v1/webhooks').set(cityAdmin.auth);
    expect(list.body.items.map((w: { webhook_id: number }) => w.webhook_id)).not.toContain(id);
    expect((await audit(id)).map((row) => row.kind)).toEqual(['webhook_created', 'webhook_deleted']);
  });

  it('when the id is not a number or unknown, then 400 or 404 naming it', async () => {
    const bad = await t.api.get('/admin/v1/webhooks/abc').set(cityAdmin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].description).toContain('webhook_id');
    const unknown = await t.api.get('/admin/v1/webhooks/999999').set(cityAdmin.auth);
    expect(unknown.status).toBe(404);
    expectValidResponse('adminGetWebhook', 404, 'json', unknown.body);
  });
});
