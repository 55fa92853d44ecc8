import type { Server } from 'node:http';
import type { Pool } from 'pg';
import supertest from 'supertest';
import { insertApplication } from '../../../src/repositories/application-repository';
import { createHandler } from '../admin';
import { seedCatalogue } from '../catalogue';
import { createApiKey, createDepartment, plantRequest } from '../factories';
import { png } from '../images';
import type { LocalIssuer } from '../jwks';
import type { Credentials } from './cases';
import { plantPageFixture } from './page-fixture';
import type { Fixture } from './targets';

type Post = (
  fields: Record<string, string>,
  options?: { photo?: boolean; bearer?: string },
) => Promise<Record<string, string>>;

function poster(server: Server, apiKey: string): Post {
  return async (fields, options = {}) => {
    let call = supertest(server).post('/open311/v2/requests.json');
    if (options.bearer !== undefined) call = call.set('Authorization', `Bearer ${options.bearer}`);
    for (const [name, value] of Object.entries({ api_key: apiKey, lat: '60.4041', long: '25.1043', ...fields })) {
      call = call.field(name, value);
    }
    const response = options.photo ? await call.attach('media', await png(40, 40), 'kuva.png') : await call;
    if (response.status !== 200) throw new Error(`setup POST failed: ${response.status} ${response.text}`);
    return response.body[0];
  };
}

/** Webhooks of test.fi: one with a delivered delivery of `publicId`'s creation, one each to read, change, delete. */
async function plantWebhooks(
  pool: Pool,
  publicId: string,
): Promise<Pick<Fixture, 'webhookId' | 'deliveryId' | 'readWebhookId' | 'changedWebhookId' | 'spareWebhookId'>> {
  const insert = `INSERT INTO webhook (jurisdiction_id, name, url, events, secret)
    VALUES ('test.fi', 'fuzz', 'http://127.0.0.1:9/hook', '{request.created}', 'fuzz-secret-0123456789') RETURNING id`;
  const webhookId = (await pool.query<{ id: number }>(insert)).rows[0].id;
  const delivery = await pool.query<{ id: string }>(
    `INSERT INTO webhook_delivery (webhook_id, event_id, request_id, event_type, delivered_at)
     SELECT $1, e.id, e.request_id, 'request.created', now()
       FROM request_event e JOIN service_request r ON r.id = e.request_id WHERE r.public_id = $2 AND e.kind = 'created'
     RETURNING id::text`,
    [webhookId, publicId],
  );
  const another = async () => (await pool.query<{ id: number }>(insert)).rows[0].id;
  return {
    webhookId,
    deliveryId: delivery.rows[0].id,
    readWebhookId: await another(),
    changedWebhookId: await another(),
    spareWebhookId: await another(),
  };
}

/**
 * What the fuzzed operations need to exist: a catalogue, two departments, an admin, a handler
 * with a token, a client to revoke, requests (one with a published photo, one batch request
 * with a token, one of a signed-in resident), and what the pages need (page-fixture.ts). The
 * POSTs go through `server`, so that the photo is in that server's media store.
 */
export async function seedFuzzFixture(
  pool: Pool,
  server: Server,
  issuer: LocalIssuer,
): Promise<{ fixture: Fixture; credentials: Credentials }> {
  const services = await seedCatalogue(pool);
  const streets = (await pool.query<{ id: number }>(`SELECT id FROM department WHERE code = 'streets'`)).rows[0].id;
  const parks = await createDepartment(pool, 'test.fi', 'parks', { fi: 'Puistot', sv: 'Parker', en: 'Parks' });
  const target = await createHandler(pool, 'handler', [streets]);
  const admin = await createHandler(pool, 'admin');
  const token = await pool.query('SELECT max(id) AS id FROM handler_credential WHERE handler_id = $1', [target.id]);
  const credentials: Credentials = {
    apiKey: await createApiKey(pool),
    adminToken: admin.token,
    residentJwt: await issuer.sign({ sub: 'fuzz-resident' }, { expiresIn: '1h' }),
  };
  const post = poster(server, credentials.apiKey);
  const posted = await post(
    {
      service_code: '101',
      'attribute[SIZE]': 'small',
      description: 'Kuoppa, kuvan kanssa.',
      nickname: 'Kuoppabongari',
    },
    { photo: true },
  );
  const photo = await pool.query<{ public_id: string }>(
    'SELECT m.public_id FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1',
    [posted.service_request_id],
  );
  const photoId = photo.rows[0].public_id;
  await pool.query('UPDATE media SET published = true WHERE public_id = $1', [photoId]);
  const batch = await post({ service_code: '103', description: 'Erä-palvelun palaute.' });
  await post({ service_code: '102', description: 'Asukkaan oma palaute.' }, { bearer: credentials.residentJwt });
  const fixture: Fixture = {
    requestId: posted.service_request_id,
    otherRequestId: await plantRequest(pool, { serviceId: services.pothole, publicId: '2026-000901' }),
    duplicateId: await plantRequest(pool, { serviceId: services.pothole, publicId: '2026-000902' }),
    photoId,
    batchToken: batch.token,
    departmentId: streets,
    otherDepartmentId: parks,
    handlerId: target.id,
    tokenId: Number(token.rows[0].id),
    clientId: (await insertApplication(pool, 'to be revoked')).id,
    browserClientId: (await insertApplication(pool, 'to be changed', ['https://www.kerava.fi'])).id,
    ...(await plantPageFixture(pool, services.pothole)),
    ...(await plantWebhooks(pool, posted.service_request_id)),
  };
  return { fixture, credentials };
}
