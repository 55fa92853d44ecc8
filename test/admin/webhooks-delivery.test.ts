/**
 * Webhook deliveries end to end (docs/webhooks.md): resident and handler actions write events,
 * the trigger queues one delivery per matching webhook, and the worker POSTs them, signed, to a
 * real local receiver: one that answers, one that is down for a while, one that answers 500
 * first. Retries back off, order per request holds, give-ups can be redelivered, and two
 * workers never send one delivery twice.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { claimDueDeliveries } from '../../src/repositories/webhook-delivery-repository';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from '../../src/webhooks/worker';
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import type { TestHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createJurisdiction } from '../support/factories';
import { expectValidResponse } from '../support/openapi';
import { closedPort, startReceiver, type Receiver } from '../support/webhook-receiver';

let t: TestContext;
let key: string;
let admin: TestHandler;
const SECRET = 'kaupungin-asianhallinta-salaisuus';
const receivers: Receiver[] = [];
const logger = pino({ level: 'silent' });

/** Retries after 50 ms and doubling, so that a test waits for backoff in real time. */
const FAST: WebhookWorkerOptions['config'] = {
  publicBaseUrl: 'http://palaute.test',
  webhookRetryFirstSeconds: 0.05,
  webhookMaxAttempts: 5,
  webhookTimeoutMs: 2000,
  webhookPollMs: 1000,
  webhookLeaseMs: 5000,
};

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  const id = await insertHandler(t.db.pool, { email: 'admin@test.fi', role: 'admin', jurisdictionId: 'test.fi' });
  const token = await issueHandlerToken(t.db.pool, id, 'test');
  admin = { id, token, auth: { Authorization: `Bearer ${token}` } };
});
afterEach(async () => {
  // Each test's webhooks go, so that the next test's requests reach only its own receiver.
  await t.db.pool.query(`UPDATE webhook SET active = false, deleted_at = now() WHERE deleted_at IS NULL`);
});
afterAll(async () => {
  for (const receiver of receivers) await receiver.close();
  await t.close();
});

const receiver = async (port = 0) => {
  const started = await startReceiver(SECRET, port);
  receivers.push(started);
  return started;
};
const worker = (config = FAST): WebhookWorker => startWebhookWorker({ pool: t.db.pool, config, logger }, false);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function webhook(url: string, events = ['request.created', 'request.status_changed', 'request.answered']) {
  const created = await t.api.post('/admin/v1/webhooks').set(admin.auth).send({ url, events, secret: SECRET });
  expect(created.status).toBe(201);
  return created.body.webhook_id as number;
}

async function postRequest(description = 'Roskia puiston penkillä ja sen ympärillä.'): Promise<string> {
  const posted = await t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({
      api_key: key,
      service_code: '102',
      lat: '60.4041',
      long: '25.1043',
      description,
      email: 'asukas@example.fi',
    });
  expect(posted.status).toBe(200);
  return posted.body[0].service_request_id as string;
}

const act = (publicId: string, action: string, body: object) =>
  t.api.post(`/admin/v1/requests/${publicId}/${action}`).set(admin.auth).send(body);

const deliveries = async (webhookId: number) =>
  (
    await t.db.pool.query(
      `SELECT d.id::text, d.event_type, d.attempts, d.last_status, d.last_error, d.delivered_at, d.failed_at,
              d.next_attempt_at, d.last_attempt_at, d.payload, r.public_id
         FROM webhook_delivery d JOIN service_request r ON r.id = d.request_id WHERE d.webhook_id = $1 ORDER BY d.id`,
      [webhookId],
    )
  ).rows;

/** Runs the worker until nothing is due and nothing waits on backoff (or `rounds` runs out). */
async function drain(w: WebhookWorker, webhookId: number, rounds = 40): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await w.runOnce();
    const waiting = (await deliveries(webhookId)).filter((d) => d.delivered_at === null && d.failed_at === null);
    if (waiting.length === 0) return;
    await sleep(60);
  }
}

describe('a receiver that answers', () => {
  it('when a resident sends a request, then one signed delivery carries the event and the request as the admin API shows it', async () => {
    const hook = await receiver();
    const webhookId = await webhook(hook.url);
    const publicId = await postRequest();
    const [queued] = await deliveries(webhookId);
    expect(queued).toMatchObject({ event_type: 'request.created', attempts: 0, public_id: publicId });
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got.signed).toBe(true);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-palaute-event']).toBe('request.created');
    expect(got.headers['x-palaute-delivery']).toBe(queued.id);
    expect(Math.abs(Number(got.headers['x-palaute-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    const event = await t.db.pool.query(
      `SELECT e.id::text FROM request_event e JOIN service_request r ON r.id = e.request_id
        WHERE r.public_id = $1 AND e.kind = 'created'`,
      [publicId],
    );
    expect(got.body).toMatchObject({
      id: event.rows[0].id,
      type: 'request.created',
      kind: 'created',
      webhook_id: webhookId,
      jurisdiction_id: 'test.fi',
      created_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/),
    });
    const detail = await t.api.get(`/admin/v1/requests/${publicId}`).set(admin.auth);
    expect(got.body.service_request).toEqual(detail.body);
    const [done] = await deliveries(webhookId);
    expect(done).toMatchObject({ attempts: 1, last_status: 200, last_error: null });
    expect(done.delivered_at).not.toBeNull();
    const log = await t.api.get(`/admin/v1/webhooks/${webhookId}/deliveries`).set(admin.auth);
    expect(log.status).toBe(200);
    expectValidResponse('adminListWebhookDeliveries', 200, 'json', log.body);
    expect(log.body.items).toEqual([
      expect.objectContaining({ delivery_id: queued.id, state: 'delivered', attempts: 1, last_status: 200 }),
    ]);
    await w.stop();
  });

  it('when handlers work a request, then each wanted event is delivered in order, and unwanted ones are not queued', async () => {
    const hook = await receiver();
    const webhookId = await webhook(hook.url, ['request.status_changed', 'request.answered', 'request.hidden']);
    const publicId = await postRequest();
    expect((await act(publicId, 'status', { detailed_status: 'IN_PROCESS' })).status).toBe(200);
    expect((await act(publicId, 'notes', { note: 'Sisäinen huomio' })).status).toBe(200);
    expect((await act(publicId, 'answer', { answer: 'Kiitos, siivoamme.' })).status).toBe(200);
    const hidden = await t.api
      .patch(`/admin/v1/requests/${publicId}/publication`)
      .set(admin.auth)
      .send({ visibility: 'hidden' });
    expect(hidden.status).toBe(200);
    expect((await deliveries(webhookId)).map((d) => d.event_type)).toEqual([
      'request.status_changed',
      'request.answered',
      'request.hidden',
    ]);
    const w = worker();
    await drain(w, webhookId);
    expect(hook.received.map((r) => r.body.type)).toEqual([
      'request.status_changed',
      'request.answered',
      'request.hidden',
    ]);
    expect(hook.received.every((r) => r.signed)).toBe(true);
    await w.stop();
  });

  it('when a request is redirected or marked a duplicate, then request.redirected and request.duplicate are sent', async () => {
    const hook = await receiver();
    const webhookId = await webhook(hook.url, ['request.redirected', 'request.duplicate']);
    const original = await postRequest();
    const copy = await postRequest('Samat roskat puiston penkillä taas.');
    const redirected = await act(original, 'redirect', {
      to: 'authority',
      authority_name: 'Väylävirasto',
      authority_contact: 'kirjaamo@vayla.fi',
    });
    expect(redirected.status).toBe(200);
    expect((await act(copy, 'duplicate', { original_id: original })).status).toBe(200);
    const w = worker();
    await drain(w, webhookId);
    // Two requests: order holds per request, so the two may arrive either way round.
    expect(hook.received.map((r) => [r.body.type, r.body.kind]).sort()).toEqual([
      ['request.duplicate', 'duplicate'],
      ['request.redirected', 'redirected_external'],
    ]);
    await w.stop();
  });

  it('when the webhook belongs to another city or is paused, then nothing is queued for it', async () => {
    const hook = await receiver();
    const webhookId = await webhook(hook.url);
    await t.db.pool.query(`UPDATE webhook SET active = false WHERE id = $1`, [webhookId]);
    await createJurisdiction(t.db.pool, 'muu.fi');
    const elsewhere = await t.db.pool.query<{ id: number }>(
      `INSERT INTO webhook (jurisdiction_id, name, url, events, secret)
       VALUES ('muu.fi', 'muu', $1, '{request.created}', $2) RETURNING id`,
      [hook.url, SECRET],
    );
    await postRequest();
    expect(await deliveries(webhookId)).toEqual([]);
    expect(await deliveries(elsewhere.rows[0].id)).toEqual([]);
  });
});

describe('a receiver that fails', () => {
  it('when it answers 500, then the delivery is retried with backoff (first retry within a minute by default) and delivered with the same body', async () => {
    const hook = await receiver();
    hook.answers.push(500, 503);
    const webhookId = await webhook(hook.url);
    await postRequest();
    const defaults = loadConfig({});
    expect(defaults.webhookRetryFirstSeconds).toBe(30);
    const slow = worker({ ...FAST, webhookRetryFirstSeconds: defaults.webhookRetryFirstSeconds });
    await slow.runOnce();
    const [first] = await deliveries(webhookId);
    expect(first).toMatchObject({ attempts: 1, last_status: 500, last_error: 'answered 500', delivered_at: null });
    const wait = (first.next_attempt_at.getTime() - first.last_attempt_at.getTime()) / 1000;
    expect(wait).toBeGreaterThanOrEqual(29);
    expect(wait).toBeLessThanOrEqual(31);
    expect(await slow.runOnce()).toBe(0);
    await t.db.pool.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE webhook_id = $1`, [webhookId]);
    const fast = worker();
    await drain(fast, webhookId);
    expect(hook.received.map((r) => r.raw)).toEqual(Array(3).fill(hook.received[0].raw));
    expect(await deliveries(webhookId)).toEqual([
      expect.objectContaining({ attempts: 3, last_status: 200, last_error: null, delivered_at: expect.any(Date) }),
    ]);
    const log = await t.api.get(`/admin/v1/webhooks/${webhookId}/deliveries?state=delivered`).set(admin.auth);
    expect(log.body.items).toHaveLength(1);
    await slow.stop();
    await fast.stop();
  });

  it('when it is down for a while, then later events of the same request wait, and all arrive in order once it is up', async () => {
    const port = await closedPort();
    // By name: the connection resolves it through the checked lookup (src/webhooks/send.ts).
    const webhookId = await webhook(`http://localhost:${port}/palaute-hook`);
    const publicId = await postRequest();
    const other = await postRequest('Toinen ilmoitus, eri roskat.');
    await act(publicId, 'status', { detailed_status: 'IN_PROCESS' });
    await act(publicId, 'answer', { answer: 'Kiitos, katsomme.' });
    const w = worker();
    await w.runOnce();
    const down = await deliveries(webhookId);
    expect(down.map((d) => [d.public_id, d.event_type, d.attempts])).toEqual([
      [publicId, 'request.created', 1],
      [other, 'request.created', 1],
      [publicId, 'request.status_changed', 0],
      [publicId, 'request.answered', 0],
    ]);
    expect(down[0].last_error).toMatch(/ECONNREFUSED/);
    expect(down[0].last_status).toBeNull();
    await sleep(60);
    await w.runOnce();
    expect((await deliveries(webhookId)).map((d) => d.attempts)).toEqual([2, 2, 0, 0]);
    const hook = await receiver(port);
    await drain(w, webhookId);
    const mine = hook.received.filter(
      (r) => (r.body.service_request as { service_request_id: string }).service_request_id === publicId,
    );
    expect(mine.map((r) => r.body.type)).toEqual(['request.created', 'request.status_changed', 'request.answered']);
    expect(hook.received).toHaveLength(4);
    expect(hook.received.every((r) => r.signed)).toBe(true);
    await w.stop();
  });

  it('when it keeps failing, then the delivery is given up after the last attempt, later ones go on, and redeliver sends the same body again', async () => {
    const hook = await receiver();
    hook.answers.push(500, 500);
    const webhookId = await webhook(hook.url);
    const publicId = await postRequest();
    await act(publicId, 'status', { detailed_status: 'IN_PROCESS' });
    const w = worker({ ...FAST, webhookMaxAttempts: 2 });
    await drain(w, webhookId);
    const [givenUp, next] = await deliveries(webhookId);
    expect(givenUp).toMatchObject({ attempts: 2, last_status: 500, failed_at: expect.any(Date) });
    expect(next).toMatchObject({ attempts: 1, last_status: 200, delivered_at: expect.any(Date) });
    const log = await t.api.get(`/admin/v1/webhooks/${webhookId}/deliveries?state=failed`).set(admin.auth);
    expectValidResponse('adminListWebhookDeliveries', 200, 'json', log.body);
    expect(log.body.items.map((d: { delivery_id: string }) => d.delivery_id)).toEqual([givenUp.id]);
    const again = await t.api
      .post(`/admin/v1/webhooks/${webhookId}/deliveries/${givenUp.id}/redeliver`)
      .set(admin.auth);
    expect(again.status).toBe(202);
    expectValidResponse('adminRedeliverWebhookDelivery', 202, 'json', again.body);
    expect(again.body).toMatchObject({ delivery_id: givenUp.id, state: 'pending', attempts: 0 });
    const pending = await t.api
      .post(`/admin/v1/webhooks/${webhookId}/deliveries/${givenUp.id}/redeliver`)
      .set(admin.auth);
    expect(pending.status).toBe(409);
    expectValidResponse('adminRedeliverWebhookDelivery', 409, 'json', pending.body);
    await drain(w, webhookId);
    const created = hook.received.filter((r) => r.body.type === 'request.created');
    expect(created).toHaveLength(3);
    expect(new Set(created.map((r) => r.raw)).size).toBe(1);
    expect((await deliveries(webhookId))[0]).toMatchObject({ attempts: 1, delivered_at: expect.any(Date) });
    const audit = await t.db.pool.query(
      `SELECT kind, data FROM webhook_event WHERE webhook_id = $1 AND kind = 'delivery_redelivered'`,
      [webhookId],
    );
    expect(audit.rows).toEqual([
      { kind: 'delivery_redelivered', data: { delivery_id: givenUp.id, previous_state: 'failed' } },
    ]);
    const unknown = await t.api.post(`/admin/v1/webhooks/${webhookId}/deliveries/99999999/redeliver`).set(admin.auth);
    expect(unknown.status).toBe(404);
    await w.stop();
  });

  it('when the target turns into a metadata address after it was saved, then the delivery is refused without a connection', async () => {
    const hook = await receiver();
    const webhookId = await webhook(hook.url);
    await postRequest();
    await t.db.pool.query(`UPDATE webhook SET url = 'http://169.254.169.254/latest' WHERE id = $1`, [webhookId]);
    const w = worker();
    await w.runOnce();
    const [refused] = await deliveries(webhookId);
    expect(refused.last_error).toContain('refused target');
    expect(hook.received).toEqual([]);
    await w.stop();
  });

  it('when a webhook is deleted, then its waiting deliveries are given up and nothing more is sent', async () => {
    const port = await closedPort();
    const webhookId = await webhook(`http://127.0.0.1:${port}/x`);
    await postRequest();
    expect((await t.api.delete(`/admin/v1/webhooks/${webhookId}`).set(admin.auth)).status).toBe(204);
    const [gone] = await deliveries(webhookId);
    expect(gone).toMatchObject({ last_error: 'webhook deleted', failed_at: expect.any(Date) });
    expect(await worker().runOnce()).toBe(0);
  });
});

describe('two workers', () => {
  it('when two workers run at once, then every delivery is sent exactly once', async () => {
    const hook = await receiver();
    hook.delayMs = 20;
    const webhookId = await webhook(hook.url);
    for (let i = 0; i < 12; i += 1) await postRequest(`Ilmoitus numero ${i}, roskia kadulla.`);
    const one = worker({ ...FAST });
    const two = worker({ ...FAST });
    for (let round = 0; round < 10; round += 1) {
      await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
    }
    const ids = hook.received.map((r) => r.headers['x-palaute-delivery']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect((await deliveries(webhookId)).every((d) => d.attempts === 1 && d.delivered_at !== null)).toBe(true);
    await one.stop();
    await two.stop();
  });

  it('when a worker dies holding a delivery, then another takes it once the lease runs out (at least once)', async () => {
    const hook = await receiver();
    const webhookId = await webhook(hook.url);
    await postRequest();
    const held = await claimDueDeliveries(t.db.pool, 10, 300);
    expect(held).toHaveLength(1);
    const w = worker();
    expect(await w.runOnce()).toBe(0);
    await sleep(350);
    expect(await w.runOnce()).toBe(1);
    expect(hook.received).toHaveLength(1);
    expect((await deliveries(webhookId))[0]).toMatchObject({ attempts: 2, delivered_at: expect.any(Date) });
    await w.stop();
  });
});
