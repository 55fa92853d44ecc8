import { EXAMPLE_BROWSER_KEY, loadExampleData } from '../../src/db/example-data';
import { createTestContext, type TestContext } from '../support/context';
import { getBoth } from '../support/http';

/** The example data is two cities (fixtures/kerava, fixtures/jarvenpaa), as docs/open311-dialect.md §7 describes. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ LOAD_EXAMPLE_DATA: 'true' });
  expect(await loadExampleData(t.db.pool)).toBe(true);
});
afterAll(() => t.close());

type Listed = { service_request_id: string; service_code: string; service_name: string };

describe('the example cities', () => {
  it('when loaded, then Kerava keeps plain ids and Järvenpää numbers JP-, each with boundary, categories and requests', async () => {
    const { rows } = await t.db.pool.query(
      `SELECT j.id, j.request_prefix, j.boundary IS NOT NULL AS bounded,
              (SELECT count(*)::int FROM service_request r WHERE r.jurisdiction_id = j.id) AS requests,
              (SELECT count(*)::int FROM service s WHERE s.jurisdiction_id = j.id AND s.code = '101') AS has101,
              (SELECT min(public_id) FROM service_request r WHERE r.jurisdiction_id = j.id) AS first_id
         FROM jurisdiction j ORDER BY j.created_at, j.id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ id: 'kerava.fi', request_prefix: null, bounded: true, requests: 350, has101: 1 }),
      expect.objectContaining({ id: 'jarvenpaa.fi', request_prefix: 'JP', bounded: true, requests: 50, has101: 1 }),
    ]);
    expect(rows[0].first_id).toMatch(/^\d{4}-000001$/);
    expect(rows[1].first_id).toMatch(/^JP-\d{4}-000001$/);
    expect(await loadExampleData(t.db.pool)).toBe(false);
  });

  it('when read without jurisdiction_id, then Kerava answers; with it, each city its own 101', async () => {
    const kerava = (await getBoth(t.api, '/open311/v2/services', '', 'getServices')).json as Listed[];
    const jarvenpaa = (await getBoth(t.api, '/open311/v2/services', 'jurisdiction_id=jarvenpaa.fi', 'getServices'))
      .json as Listed[];
    expect(kerava.find((s) => s.service_code === '601')?.service_name).toBe('Kirjasto');
    expect(jarvenpaa.map((s) => s.service_code)).toEqual(['101', '102', '201', '301', '401', '601', '701', '801']);
    const list = (await getBoth(t.api, '/open311/v2/requests', 'jurisdiction_id=jarvenpaa.fi', 'getRequests'))
      .json as Listed[];
    expect(list.length).toBeGreaterThan(20);
    expect(list.every((r) => r.service_request_id.startsWith('JP-'))).toBe(true);
    const jp = list[0].service_request_id;
    await getBoth(t.api, `/open311/v2/requests/${jp}`, '', 'getRequest');
    expect((await t.api.get(`/requests/${jp}`)).text).toContain('Järvenpää');
  });

  it("when the demo page's browser key posts a point in Järvenpää, then 400: the key is Kerava's and so is its area", async () => {
    const post = (lat: string, long: string) =>
      t.api.post('/open311/v2/requests.json').set('Origin', 'http://localhost:8080').type('form').send({
        api_key: EXAMPLE_BROWSER_KEY,
        service_code: '102',
        lat,
        long,
        description: 'Katuvalo ei pala pyörätien varressa.',
        'attribute[LIGHT_PROBLEM]': 'out',
      });
    const inKerava = await post('60.4041', '25.1043');
    expect(inKerava.status).toBe(200);
    expect(inKerava.body[0].service_request_id).toMatch(/^\d{4}-\d{6}$/);
    const inJarvenpaa = await post('60.4731', '25.0902');
    expect(inJarvenpaa.body).toEqual([
      { code: 400, description: 'lat/long is outside the area of Kerava (kerava.fi)' },
    ]);
  });

  it('when the home page is read, then it is still the Kerava demo', async () => {
    const page = await t.api.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kerava');
  });
});
