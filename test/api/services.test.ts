import { createJurisdiction } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { getBoth } from '../support/http';

type ServiceOut = {
  service_code: string;
  service_name: string;
  description: string;
  keywords: string | null;
  metadata: boolean;
  type: string;
  group: string | null;
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
});
afterAll(() => t.close());

describe('GET discovery', () => {
  it('when asked in both formats, then both list one v2 endpoint with xml and json and a past changeset', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/discovery', '', 'getDiscovery');
    const d = json as { changeset: string; endpoints: { url: string; formats: string[]; specification: string }[] };
    expect(new Date(d.changeset).getTime()).toBeLessThanOrEqual(Date.now());
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toMatchObject({
      url: 'http://palaute.test/open311/v2',
      specification: 'http://wiki.open311.org/GeoReport_v2',
    });
    expect(d.endpoints[0].formats).toEqual(['text/xml', 'application/json']);
  });
});

describe('GET services', () => {
  it('when listed, then active services appear with string codes in catalogue order (sort order, then code), inactive ones do not', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/services', '', 'getServices');
    const codes = (json as ServiceOut[]).map((s) => s.service_code);
    expect(codes).toEqual(['101', '102', '103', '104', '106', '200', '900']);
  });

  it('when a service has attributes, then metadata is true, else false; batch services say batch', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/services', '', 'getServices');
    const byCode = new Map((json as ServiceOut[]).map((s) => [s.service_code, s]));
    expect(byCode.get('101')).toMatchObject({
      metadata: true,
      type: 'realtime',
      keywords: 'kuoppa,katu',
      group: 'Kadut',
    });
    expect(byCode.get('102')).toMatchObject({ metadata: false });
    expect(byCode.get('103')).toMatchObject({ type: 'batch' });
  });

  it('when a service is never public, then its keywords include private and its description says so', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/services', 'locale=en', 'getServices');
    const health = (json as ServiceOut[]).find((s) => s.service_code === '900') as ServiceOut;
    expect(health.keywords).toBe('private');
    expect(health.description).toContain('never published');
  });

  it.each([
    ['locale=sv', '', 'Gatornas skick'],
    ['locale=en_GB', '', 'Potholes'],
    ['locale=fi-FI', '', 'Katujen kunto'],
    ['langcode=sv', '', 'Gatornas skick'],
    ['', 'sv-FI,sv;q=0.9,en;q=0.5', 'Gatornas skick'],
    ['', 'de, en;q=0.3', 'Potholes'],
    ['locale=de', '', 'Katujen kunto'],
  ])('when locale is "%s" and Accept-Language "%s", then the name is %s', async (query, acceptLanguage, name) => {
    const response = await t.api.get(`/open311/v2/services.json?${query}`).set('Accept-Language', acceptLanguage);
    expect(response.status).toBe(200);
    expect((response.body as ServiceOut[])[0].service_name).toBe(name);
  });

  it('when locale is malformed, then 400 names it in the requested format', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/services', 'locale=fi_FI_x', 'getServices', 400);
    expect(json).toEqual([{ code: 400, description: expect.stringContaining('locale') }]);
  });
});

describe('GET service definition', () => {
  it('when the service has attributes, then every datatype, order and list value is described', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/services/101', 'locale=en', 'getServiceDefinition');
    const def = json as {
      service_code: string;
      attributes: {
        code: string;
        datatype: string;
        order: number;
        variable: boolean;
        required: boolean;
        values?: unknown[];
      }[];
    };
    expect(def.service_code).toBe('101');
    expect(def.attributes.map((a) => [a.code, a.datatype, a.order])).toEqual([
      ['SIZE', 'singlevaluelist', 1],
      ['HAZARDS', 'multivaluelist', 2],
      ['DEPTH_CM', 'number', 3],
      ['NOTICED', 'datetime', 4],
      ['LANDMARK', 'string', 5],
      ['DETAILS', 'text', 6],
      ['INFO', 'string', 7],
    ]);
    expect(def.attributes[0]).toMatchObject({
      required: true,
      variable: true,
      values: [
        { key: 'small', name: 'Small' },
        { key: 'large', name: 'Large' },
      ],
    });
    expect(def.attributes[2].values).toBeUndefined();
    expect(def.attributes[6].variable).toBe(false);
  });

  it('when the service has no attributes, then the definition has an empty attribute list', async () => {
    const { json } = await getBoth(t.api, '/open311/v2/services/102', '', 'getServiceDefinition');
    expect(json).toEqual({ service_code: '102', attributes: [] });
  });

  it.each(['999', '105'])('when the code %s is unknown or inactive, then 404 in both formats', async (code) => {
    const { json } = await getBoth(t.api, `/open311/v2/services/${code}`, '', 'getServiceDefinition', 404);
    expect(json).toEqual([{ code: 404, description: expect.stringContaining(code) }]);
  });
});

describe('jurisdiction_id', () => {
  it('when one municipality is served, then jurisdiction_id is optional and an unknown one is 404', async () => {
    await getBoth(t.api, '/open311/v2/services', 'jurisdiction_id=test.fi', 'getServices');
    const { json } = await getBoth(t.api, '/open311/v2/services', 'jurisdiction_id=nowhere.fi', 'getServices', 404);
    expect(json).toEqual([{ code: 404, description: expect.stringContaining('nowhere.fi') }]);
  });

  it('when several municipalities are served, then a missing jurisdiction_id means the first one created and each sees only its own services', async () => {
    const own = await getBoth(t.api, '/open311/v2/services', '', 'getServices');
    await createJurisdiction(t.db.pool, 'other.fi');
    const { json } = await getBoth(t.api, '/open311/v2/services', '', 'getServices');
    expect(json).toEqual(own.json);
    const other = await getBoth(t.api, '/open311/v2/services', 'jurisdiction_id=other.fi', 'getServices');
    expect(other.json).toEqual([]);
    await t.db.pool.query(`DELETE FROM jurisdiction WHERE id = 'other.fi'`);
  });
});
