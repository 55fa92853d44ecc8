/**
 * Webhook payloads are private data on their way to a city's own system, but they carry only
 * what the admin API shows (docs/webhooks.md, "Payload"; docs/privacy-gate.md): the body is
 * exactly the event and GET /admin/v1/requests/{id} of that request, checked against the
 * document's WebhookPayload schema, and none of the secrets planted around it (the resident's
 * tracking token, API key, handler token, the webhook's own secret, their hashes, another
 * city's request) is in it.
 */
import pino from 'pino';
import { hashSecret } from '../../src/domain/secrets';
import { ajv, DOCUMENT_ID } from '../../src/http/openapi-ajv';
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';
import { startWebhookWorker } from '../../src/webhooks/worker';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createJurisdiction, plantRequest } from '../support/factories';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const WEBHOOK_SECRET = 'PLANTED-WEBHOOK-SECRET-7e1f0c';
const OTHER_CITY_TEXT = 'OTHER-CITY-MARKER roskia toisessa kaupungissa';

let t: TestContext;
let hook: Receiver;
let apiKey: string;
let adminToken: string;
let auth: { Authorization: string };

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  await createJurisdiction(t.db.pool, 'muu.fi');
  apiKey = await createApiKey(t.db.pool);
  const id = await insertHandler(t.db.pool, { email: 'admin@test.fi', role: 'admin', jurisdictionId: 'test.fi' });
  adminToken = await issueHandlerToken(t.db.pool, id, 'test');
  auth = { Authorization: `Bearer ${adminToken}` };
  hook = await startReceiver(WEBHOOK_SECRET);
});
afterAll(async () => {
  await hook.close();
  await t.close();
});

const validPayload = ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/WebhookPayload` });

describe('what a webhook delivery carries', () => {
  it('when a request with a tracking token, a note and a photo-less answer is delivered, then the body is the admin view and no planted secret', async () => {
    const created = await t.api
      .post('/admin/v1/webhooks')
      .set(auth)
      .send({
        url: hook.url,
        events: ['request.created', 'request.status_changed', 'request.answered'],
        secret: WEBHOOK_SECRET,
      });
    expect(created.status).toBe(201);
    const posted = await t.api.post('/open311/v2/requests.json?extensions=true').type('form').send({
      api_key: apiKey,
      service_code: '102',
      lat: '60.4041',
      long: '25.1043',
      description: 'Roskia puiston penkillä, paljon.',
      email: 'asukas.planted@example.invalid',
    });
    expect(posted.status).toBe(200);
    const publicId = posted.body[0].service_request_id as string;
    const trackingToken = posted.body[0].extended_attributes.tracking_token as string;
    expect(trackingToken).toEqual(expect.any(String));
    await t.api.post(`/admin/v1/requests/${publicId}/notes`).set(auth).send({ note: 'Sisäinen huomio' });
    await t.api.post(`/admin/v1/requests/${publicId}/answer`).set(auth).send({ answer: 'Kiitos, siivoamme.' });
    const otherService = await t.db.pool.query(
      `INSERT INTO service (jurisdiction_id, code, names) VALUES ('muu.fi', '102', '{"fi":"Muu"}') RETURNING id`,
    );
    await plantRequest(t.db.pool, {
      jurisdictionId: 'muu.fi',
      serviceId: otherService.rows[0].id,
      publicId: 'MU-2026-000001',
      description: OTHER_CITY_TEXT,
    });

    const worker = startWebhookWorker(
      { pool: t.db.pool, config: { ...t.config, webhookRetryFirstSeconds: 0.05 }, logger: pino({ level: 'silent' }) },
      false,
    );
    await worker.runOnce();
    await worker.runOnce();
    await worker.stop();
    expect(hook.received.map((r) => r.body.type)).toEqual(['request.created', 'request.answered']);

    const detail = await t.api.get(`/admin/v1/requests/${publicId}`).set(auth);
    const last = hook.received[hook.received.length - 1];
    expect(validPayload(last.body)).toBe(true);
    expect(Object.keys(last.body).sort()).toEqual(
      ['created_datetime', 'id', 'jurisdiction_id', 'kind', 'service_request', 'type', 'webhook_id'].sort(),
    );
    expect(last.body.service_request).toEqual(detail.body);

    const keyHash = (await t.db.pool.query(`SELECT key_hash FROM application LIMIT 1`)).rows[0].key_hash as string;
    const planted = [
      trackingToken,
      hashSecret(trackingToken),
      apiKey,
      keyHash,
      adminToken,
      hashSecret(adminToken),
      WEBHOOK_SECRET,
      OTHER_CITY_TEXT,
      'MU-2026-000001',
    ];
    for (const received of hook.received) {
      for (const secret of planted)
        expect({ secret, found: received.raw.includes(secret) }).toEqual({ secret, found: false });
      expect(received.raw).not.toMatch(/tracking_token|key_hash|secret/i);
    }
  });
});
