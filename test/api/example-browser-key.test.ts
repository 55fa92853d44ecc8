/**
 * The example data's browser key (docs/api.md, "Browser keys"): public on purpose, so it must work
 * only from pages on localhost, and exist only when the example data is loaded.
 */
import { EXAMPLE_BROWSER_KEY, loadExampleData } from '../../src/db/example-data';
import { createTestContext, type TestContext } from '../support/context';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const post = (origin?: string) =>
  t.api
    .post('/open311/v2/requests.json')
    .set(origin === undefined ? {} : { Origin: origin })
    .type('form')
    .send({
      api_key: EXAMPLE_BROWSER_KEY,
      service_code: '101',
      lat: '60.4041',
      long: '25.1043',
      description: 'Syvä kuoppa Kauppakaaren suojatiellä.',
      'attribute[DAMAGE_TYPE]': 'pothole',
    });

describe('the example browser key', () => {
  it('when the example data is not loaded, then the key does not exist', async () => {
    expect((await t.db.pool.query('SELECT 1 FROM application')).rowCount).toBe(0);
  });

  it('when the example data is loaded, then the key posts from localhost and 127.0.0.1 on any port, and nowhere else', async () => {
    expect(await loadExampleData(t.db.pool)).toBe(true);
    const stored = await t.db.pool.query('SELECT name, allowed_origins FROM application');
    expect(stored.rows).toEqual([
      { name: 'Example web page (localhost only)', allowed_origins: ['http://localhost:*', 'http://127.0.0.1:*'] },
    ]);
    for (const origin of ['http://localhost:8080', 'http://127.0.0.1:3000']) {
      const response = await post(origin);
      expect({ origin, status: response.status, body: response.body }).toEqual({
        origin,
        status: 200,
        body: [expect.objectContaining({ service_request_id: expect.any(String) })],
      });
      expect(response.headers['access-control-allow-origin']).toBe(origin);
    }
    for (const origin of ['https://www.kerava.fi', 'https://localhost:8080']) {
      expect((await post(origin)).status).toBe(403);
    }
    expect((await post()).status).toBe(403);
  });
});
