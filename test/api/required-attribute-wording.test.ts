import { createApiKey, createJurisdiction, createService } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

/**
 * Clients test the wording of a missing required attribute: Chicago's acceptance suite looks for
 * "<CODE> required" in the error description. The rest of the message names the parameter.
 */
let t: TestContext;
let key: string;
beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  await createService(t.db.pool, {
    code: '4fd3b167e750a2ee0400000a',
    attributes: [
      {
        code: 'DAMAGE_TYPE',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        values: [{ key: 'pothole', names: { en: 'Pothole' } }],
      },
    ],
  });
  key = await createApiKey(t.db.pool);
});
afterAll(() => t.close());

const form = () => ({
  api_key: key,
  service_code: '4fd3b167e750a2ee0400000a',
  lat: '60.4041',
  long: '25.1043',
  description: 'Kuoppa kadulla, syvä.',
});
const MESSAGE = 'attribute[DAMAGE_TYPE] is missing: DAMAGE_TYPE required for this service';

describe('a missing required attribute', () => {
  it('when it is left out (JSON), then 400 says "DAMAGE_TYPE required" and names the parameter', async () => {
    const response = await t.api.post('/open311/v2/requests.json').type('form').send(form());
    expect(response.status).toBe(400);
    expectValidResponse('createRequest', 400, 'json', response.body);
    expect(response.body).toEqual([{ code: 400, description: MESSAGE }]);
    expect(response.body[0].description).toContain('DAMAGE_TYPE required');
  });

  it('when it is left out (XML), then the XML error carries the same words', async () => {
    const response = await t.api.post('/open311/v2/requests.xml').type('form').send(form());
    expect(response.status).toBe(400);
    expect(expectValidXmlResponse('createRequest', 400, response.text)).toEqual([{ code: 400, description: MESSAGE }]);
  });

  it('when it is answered, then the request is accepted', async () => {
    const response = await t.api
      .post('/open311/v2/requests.json')
      .type('form')
      .send({ ...form(), 'attribute[DAMAGE_TYPE]': 'pothole' });
    expect(response.status).toBe(200);
  });
});
