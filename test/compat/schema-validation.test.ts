/**
 * Our output, JSON and XML, against what the open311/schema-validation community schemas require,
 * restated in requirements/georeport-schemas.ts (docs/clients.md lists the rules). XML answers are
 * mapped to the JSON shape and checked with type coercion (requirements/check-schema.ts).
 * requirements.test.ts shows the same schemas refuse documents that break a rule.
 */
import { createApiKey, daysAgo, plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { xmlToSpark } from '../support/openapi';
import { schemaProblems, type WireFormat } from './requirements/check-schema';
import * as required from './requirements/georeport-schemas';

const SCHEMAS = {
  services: required.serviceList,
  serviceDefinition: required.serviceDefinition,
  requests: required.requestList,
  request: required.request,
  requestResponses: required.postAnswer,
  tokenResponses: required.tokenAnswer,
};
type SchemaName = keyof typeof SCHEMAS;

function expectSchemaValid(name: SchemaName, format: WireFormat, data: unknown): void {
  const problems = schemaProblems(SCHEMAS[name], format, data);
  expect({ schema: name, format, problems }).toEqual({ schema: name, format, problems: [] });
}

let t: TestContext;
let key: string;
let postedId: string;
let postedToken: string;

/** GETs one resource in a format and returns the body as the schema sees it (XML → Spark JSON). */
async function fetchAs(format: WireFormat, path: string): Promise<unknown> {
  const response = await t.api.get(`${path}.${format}`);
  expect(response.status).toBe(200);
  return format === 'json' ? response.body : xmlToSpark(response.text).value;
}

async function post(format: WireFormat, fields: Record<string, string>): Promise<unknown> {
  const response = await t.api
    .post(`/open311/v2/requests.${format}`)
    .type('form')
    .send({ api_key: key, ...fields });
  expect(response.status).toBe(200);
  return format === 'json' ? response.body : xmlToSpark(response.text).value;
}

beforeAll(async () => {
  t = await createTestContext();
  const s = await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
  await plantRequest(t.db.pool, {
    serviceId: s.pothole,
    publicId: '2020-900001',
    requestedAt: daysAgo(3),
    lat: 60.4041,
    long: 25.1043,
    address: 'Kauppakaari 11, Kerava',
  });
  await plantRequest(t.db.pool, {
    serviceId: s.litter,
    publicId: '2020-900002',
    requestedAt: daysAgo(2),
    status: 'closed',
    statusNotes: 'Siivottu & tarkastettu <ok>',
  });
  const [created] = (await post('json', {
    service_code: '102',
    lat: '60.40',
    long: '25.10',
    description: 'Roskia puiston laidalla, kuva liitteenä.',
    media_url: 'https://kuvat.example.fi/roskat-1.jpg',
    address_string: 'Puistotie 2',
  })) as { service_request_id: string }[];
  postedId = created.service_request_id;
  const [batch] = (await post('json', {
    service_code: '103',
    lat: '60.40',
    long: '25.10',
    description: 'Eräajona käsiteltävä palaute.',
  })) as { token: string }[];
  postedToken = batch.token;
});
afterAll(() => t.close());

describe.each(['json', 'xml'] as const)('open311/schema-validation rules, %s', (format) => {
  it('when the service list is fetched, then it is a list of services that each have the required fields and types', async () => {
    const services = await fetchAs(format, '/open311/v2/services');
    expect(Array.isArray(services) && services.length).toBe(7);
    expectSchemaValid('services', format, services);
  });

  it.each(['101', '102', '103', '200', '900'])(
    'when service %s is defined, then the definition has the required fields, datatypes and choices',
    async (code) => {
      const definition = await fetchAs(format, `/open311/v2/services/${code}`);
      expectSchemaValid('serviceDefinition', format, definition);
      expect((definition as { service_code: unknown }).service_code).toBe(code);
    },
  );

  it('when requests are listed, then every item, located, unlocated, closed and with media, follows the request rules', async () => {
    const requests = (await fetchAs(format, '/open311/v2/requests')) as { service_request_id: string }[];
    expect(requests.map((r) => r.service_request_id)).toEqual(
      expect.arrayContaining(['2020-900001', '2020-900002', postedId]),
    );
    expectSchemaValid('requests', format, requests);
  });

  it('when one request is fetched, then it is a one-item list whose item follows the request rules', async () => {
    const requests = (await fetchAs(format, `/open311/v2/requests/${postedId}`)) as unknown[];
    expect(requests).toHaveLength(1);
    expectSchemaValid('request', format, requests[0]);
    expect(requests[0]).toMatchObject({ media_url: 'https://kuvat.example.fi/roskat-1.jpg' });
  });

  it('when a realtime and a batch request are posted, then each answer is a non-empty list of POST answer items', async () => {
    const realtime = await post(format, { service_code: '200', description: 'Yleistä palautetta kaupungille.' });
    const batch = await post(format, {
      service_code: '103',
      address_string: 'Asemantie 5',
      description: 'Toinen eräajon palaute.',
    });
    expectSchemaValid('requestResponses', format, realtime);
    expectSchemaValid('requestResponses', format, batch);
    expect(Object.keys((realtime as object[])[0])).toContain('service_request_id');
    expect(Object.keys((batch as object[])[0])).toEqual(expect.arrayContaining(['token']));
    expect(Object.keys((batch as object[])[0])).not.toContain('service_request_id');
  });

  it('when a token is resolved, then the answer is a non-empty list of token answer items naming id and token', async () => {
    const resolved = (await fetchAs(format, `/open311/v2/tokens/${postedToken}`)) as {
      token: string;
      service_request_id: string;
    }[];
    expectSchemaValid('tokenResponses', format, resolved);
    expect(resolved[0].token).toBe(postedToken);
    expect(resolved[0].service_request_id).toMatch(/\S/);
  });
});

describe('description length limit', () => {
  it('when a city sets DESCRIPTION_MAX_LENGTH=4000 (the cap of the community schemas), then a 4500-character description is refused', async () => {
    // The default is 5000 (Helsinki/6Aika); cities whose clients validate against the community
    // schema's 4000-character cap set the lower limit (docs/clients.md).
    const strict = await createTestContext(
      { DESCRIPTION_MAX_LENGTH: String(required.DESCRIPTION_LIMIT) },
      { reset: false },
    );
    try {
      const description = `${'Pitkä kuvaus katuvauriosta. '.repeat(170).slice(0, 4499)}.`;
      const response = await strict.api
        .post('/open311/v2/requests.json')
        .type('form')
        .send({ api_key: key, service_code: '102', lat: '60.41', long: '25.11', description });
      expect(response.status).toBe(400);
      expect(response.body).toEqual([
        { code: 400, description: 'description must be 10 to 4000 characters, got 4500' },
      ]);
    } finally {
      await strict.close();
    }
  });
});
