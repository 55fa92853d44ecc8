import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiKey } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { readResponse, type RawResponse } from '../support/fuzz/client';
import { png } from '../support/images';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

/**
 * The photo queue bounds memory: with MEDIA_QUEUE_LENGTH=1 a process holds at most two photo
 * requests (one decoding, one waiting); the next multipart POST is a 503 with Retry-After, before
 * its body is read, and leaves nothing behind.
 */
let t: TestContext;
let key: string;
let photo: Buffer;
let server: http.Server;
let base: string;
const arrived: http.IncomingMessage[] = [];

beforeAll(async () => {
  t = await createTestContext({ MEDIA_QUEUE_LENGTH: '1' });
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  photo = await png(300, 200);
  server = http.createServer(t.app.callback());
  server.on('request', (request: http.IncomingMessage) => arrived.push(request));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const BOUNDARY = 'palaute311-photo-queue';

function multipartBody(description: string): Buffer {
  const field = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    field('api_key', key) +
    field('service_code', '102') +
    field('lat', '60.404') +
    field('long', '25.104') +
    field('description', description) +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="media"; filename="kuva.png"\r\n` +
    'Content-Type: image/png\r\n\r\n';
  return Buffer.concat([Buffer.from(head), photo, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

/** A POST whose body is sent up to `held` bytes short; `finish()` sends the rest. */
function startPost(format: 'json' | 'xml', description: string, held = 0) {
  const body = multipartBody(description);
  const request = http.request(`${base}/open311/v2/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': body.length },
  });
  const answer = new Promise<RawResponse>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => readResponse(response).then(resolve, reject));
  });
  request.write(body.subarray(0, body.length - held));
  return { answer, finish: () => request.end(body.subarray(body.length - held)) };
}

/** The server reads a body only once the queue has admitted the request: wait until it does. */
async function admitted(since: number, count: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (arrived.slice(since).filter((request) => request.readableFlowing === true).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${count} photo requests were not admitted within 5 s`);
}

const countWhere = async (sql: string, values: unknown[] = []) =>
  Number((await t.db.pool.query(sql, values)).rows[0].count);

describe('photo queue', () => {
  it('when the photo queue is full, then a photo POST gets 503 with Retry-After and nothing of it is stored', async () => {
    const [requestsBefore, mediaBefore] = [
      await countWhere('SELECT count(*) FROM service_request'),
      await countWhere('SELECT count(*) FROM media'),
    ];
    // Two photo POSTs hold the queue (capacity 1 + MEDIA_QUEUE_LENGTH), their last bytes not yet sent.
    const since = arrived.length;
    const first = startPost('json', 'Ensimmäinen kuvapalaute: kuoppa pyörätiellä.', 10);
    const second = startPost('json', 'Toinen kuvapalaute: katuvalo pimeänä.', 10);
    await admitted(since, 2);

    const refusedJson = startPost('json', 'Hylätty kuvapalaute JSON: ei tallenneta.');
    refusedJson.finish();
    const json = await refusedJson.answer;
    const refusedXml = startPost('xml', 'Hylätty kuvapalaute XML: ei tallenneta.');
    refusedXml.finish();
    const xml = await refusedXml.answer;

    first.finish();
    second.finish();
    const stored = await Promise.all([first.answer, second.answer]);

    expect(json.status).toBe(503);
    expect(Number(json.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const errors = JSON.parse(json.text) as { code: number; description: string }[];
    expect(errors).toEqual([{ code: 503, description: expect.stringMatching(/^too many photo uploads in progress/) }]);
    expectValidResponse('createRequest', 503, 'json', errors);
    expect(xml.status).toBe(503);
    expect(Number(xml.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(expectValidXmlResponse('createRequest', 503, xml.text)).toEqual([
      { code: 503, description: expect.stringMatching(/^too many photo uploads in progress/) },
    ]);
    expect(stored.map((answer) => answer.status)).toEqual([200, 200]);
    expect(await countWhere(`SELECT count(*) FROM service_request WHERE description_original LIKE 'Hylätty%'`)).toBe(0);
    expect(await countWhere('SELECT count(*) FROM service_request')).toBe(requestsBefore + 2);
    expect(await countWhere('SELECT count(*) FROM media')).toBe(mediaBefore + 2);
  });

  it('when the queue has room again, then a photo POST is stored, and POSTs without photos never wait for it', async () => {
    const since = arrived.length;
    const holding = startPost('json', 'Kuvapalaute pitää jonoa: roskia puistossa.', 10);
    const waiting = startPost('json', 'Kuvapalaute odottaa jonossa: kaatunut merkki.', 10);
    await admitted(since, 2);
    const plain = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '102',
      lat: '60.404',
      long: '25.104',
      description: 'Ilman kuvaa: penkki rikki.',
    });
    expect(plain.status).toBe(200);
    holding.finish();
    waiting.finish();
    expect((await Promise.all([holding.answer, waiting.answer])).map((answer) => answer.status)).toEqual([200, 200]);

    const after = startPost('json', 'Kuvapalaute jonon vapauduttua: lasia maassa.');
    after.finish();
    const answer = await after.answer;
    expect(answer.status).toBe(200);
    const [created] = JSON.parse(answer.text) as { service_request_id: string }[];
    expect(
      await countWhere(
        'SELECT count(*) FROM media m JOIN service_request r ON r.id = m.request_id WHERE r.public_id = $1',
        [created.service_request_id],
      ),
    ).toBe(1);
  });
});
