import net from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { expectValidResponse, expectValidXmlResponse, xmlToSpark } from '../support/openapi';
import { createHttpServer } from '../../src/http/server';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ RATE_LIMIT_GETS_PER_ADDRESS: '3' });
  await seedCatalogue(t.db.pool);
});
afterAll(() => t.close());

describe('public GET limit per client address', () => {
  it('when one address reads more than its limit, then 429 with Retry-After and a GeoReport error in .json and .xml', async () => {
    for (let i = 0; i < 3; i++) expect((await t.api.get('/open311/v2/services.json')).status).toBe(200);
    const xml = await t.api.get('/open311/v2/services.xml');
    expect(xml.status).toBe(429);
    expect(Number(xml.headers['retry-after'])).toBeGreaterThan(0);
    expect(expectValidXmlResponse('getServices', 429, xml.text)).toEqual([
      { code: 429, description: expect.stringMatching(/^too many requests from this address: try again in \d+ s$/) },
    ]);
    const json = await t.api.get('/open311/v2/requests/2026-000001.json');
    expect(json.status).toBe(429);
    expect(Number(json.headers['retry-after'])).toBeGreaterThan(0);
    expectValidResponse('getRequest', 429, 'json', json.body);
  });

  it("when an address is over the limit, then the load balancer's probes still answer", async () => {
    expect((await t.api.get('/open311/v2/services.json')).status).toBe(429);
    expect((await t.api.get('/health')).status).toBe(200);
    expect((await t.api.get('/ready')).status).toBe(200);
  });

  it('when an address is over the limit, then the static files of the widget and the pages still load, but the request page does not', async () => {
    expect((await t.api.get('/open311/v2/services.json')).status).toBe(429);
    expect((await t.api.get('/widget/palaute.js')).status).toBe(200);
    expect((await t.api.get('/widget/config.json')).status).toBe(200);
    expect((await t.api.get('/pages/pages.css')).status).toBe(200);
    expect((await t.api.get('/requests/2026-000001')).status).toBe(429);
  });
});

type Exchange = { text: string; closedAfterMs: number };

/** Sends `head` and then one byte every 200 ms; resolves when the server closes the socket. */
function trickle(port: number, head: string, limitMs: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const drip = setInterval(() => socket.writable && socket.write('a'), 200);
    const giveUp = setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error(`socket still open after ${limitMs} ms; received: ${JSON.stringify(text)}`));
    }, limitMs);
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    socket.write(head);
  });
}

const bodyOf = (response: string) => response.slice(response.indexOf('\r\n\r\n') + 4);

describe('slow clients', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createHttpServer(t.app, 1);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when a body trickles in slower than REQUEST_TIMEOUT_SECONDS, then 408 in the format asked and the socket is closed', async () => {
    const head =
      'POST /open311/v2/requests.xml HTTP/1.1\r\nHost: localhost\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nservice_code=';
    const { text, closedAfterMs } = await trickle(port, head, 5000);
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(text).toContain('Content-Type: text/xml; charset=utf-8');
    expect(text).toContain('Connection: close');
    // XML leaves are text; the JSON test below checks the number.
    expect(xmlToSpark(bodyOf(text)).value).toEqual([{ code: '408', description: 'request not received within 1 s' }]);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
  });

  it('when the headers never finish, then 408 as a JSON GeoReport error and the socket is closed', async () => {
    const { text } = await trickle(port, 'GET /open311/v2/services.json HTTP/1.1\r\nX-Slow: ', 5000);
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(JSON.parse(bodyOf(text))).toEqual([{ code: 408, description: 'request not received within 1 s' }]);
  });
});
