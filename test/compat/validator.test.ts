/**
 * The SeeClickFix open311-validator's rules (SeeClickFix/open311-validator tests/*.rb, lib/*.rb;
 * commits in docs/clients.md) run against our endpoints. It fetches with HTTParty, which picks
 * its parser by Content-Type (text/xml → MultiXml, application/json → JSON) and wraps the result
 * in OpenStructs; datetimes go through Ruby's Time.iso8601. Each rule is one test named after it.
 */
import {
  asHash,
  asList,
  dig,
  isHash,
  parseRubyXmlschema,
  rubyMultiXml,
  type Dynamic,
  type Hash,
} from './client-parsers';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { createApiKey } from '../support/factories';

const DISCOVERY_URL = '/open311/v2/discovery';

let t: TestContext;
let key: string;

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool, 'open311-validator');
});
afterAll(() => t.close());

/** HTTParty.get(url).parsed_response, choosing the parser from the Content-Type like HTTParty does. */
async function httparty(path: string): Promise<{ status: number; body: string; parsed: Dynamic | unknown }> {
  const response = await t.api.get(path);
  const type = String(response.headers['content-type']).split(';')[0].trim();
  if (type === 'text/xml' || type === 'application/xml')
    return { status: response.status, body: response.text, parsed: rubyMultiXml(response.text) };
  if (type === 'application/json' || type === 'text/json')
    return { status: response.status, body: response.text, parsed: JSON.parse(response.text) as unknown };
  throw new Error(`HTTParty would return ${type} unparsed`);
}

type Discovery = { xml: Hash; json: Hash; rawXml: string; rawJson: string };

/** Resource#discovery_url: the discovery URL + ".json" and + ".xml". */
async function discovery(): Promise<Discovery> {
  const json = await httparty(`${DISCOVERY_URL}.json`);
  const xml = await httparty(`${DISCOVERY_URL}.xml`);
  expect([json.status, xml.status]).toEqual([200, 200]);
  return {
    xml: asHash(dig(xml.parsed as Dynamic, 'discovery'), 'xml discovery'),
    json: json.parsed as Hash,
    rawXml: xml.body,
    rawJson: json.body,
  };
}

/** TestHelper#validate_date_time: Time.iso8601(time) rescue false. */
const validDateTime = (value: unknown): number | false =>
  typeof value === 'string' ? (parseRubyXmlschema(value) ?? false) : false;

/** Session.endpoint_formats: JSON formats are an array; XML ones are Array(endpoint.formats.format). */
function endpointFormats(endpoint: Dynamic): Dynamic[] {
  const formats = dig(endpoint, 'formats');
  if (Array.isArray(formats)) return formats;
  const inner = dig(formats, 'format');
  return inner === undefined || inner === null ? [] : Array.isArray(inner) ? inner : [inner];
}

describe('validator tests/discovery.rb ("Service Discovery")', () => {
  it('rule "url should end with discovery": the discovery URL we publish ends in "discovery"', () => {
    expect(DISCOVERY_URL.slice(-9)).toBe('discovery');
  });

  it('rule "both formats should return results"', async () => {
    const d = await discovery();
    expect([d.rawXml.trim(), d.rawJson.trim()].every((body) => body !== '')).toBe(true);
  });

  it('rules "both formats should have contacts" and "… key_service information"', async () => {
    const d = await discovery();
    for (const field of ['contact', 'key_service']) {
      expect({
        field,
        xml: String(d.xml[field] ?? '').trim() !== '',
        json: String(d.json[field] ?? '').trim() !== '',
      }).toEqual({ field, xml: true, json: true });
    }
    expect(d.xml.contact).toBe(d.json.contact);
  });

  it('rule "return valid DateTime objects": both changesets parse with Time.iso8601', async () => {
    const d = await discovery();
    expect([validDateTime(d.xml.changeset), validDateTime(d.json.changeset)].every((v) => typeof v === 'number')).toBe(
      true,
    );
  });

  it('rule "xml endpoint should be an array": with the validator session\'s Array(...) wrapping, discovery.endpoints.endpoint is a list of our one endpoint', async () => {
    const d = await discovery();
    // MultiXml yields a Hash for a single <endpoint>; the validator's lib/session.rb wraps it with
    // Array(...) before the rules run (lib/test_helper.rb does not, which is the validator's bug).
    const endpoint = dig(d.xml, 'endpoints', 'endpoint');
    const wrapped = Array.isArray(endpoint) ? endpoint : [endpoint];
    expect(wrapped).toHaveLength(1);
    expect(asHash(wrapped[0], 'endpoint').specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('rules on each endpoint: specification, url, changeset (valid, in the past), type, formats, text/xml for v2', async () => {
    const d = await discovery();
    const xmlEndpoint = dig(d.xml, 'endpoints', 'endpoint');
    const xmlEndpoints = Array.isArray(xmlEndpoint) ? xmlEndpoint : [xmlEndpoint ?? null];
    const all = [...xmlEndpoints, ...asList(d.json.endpoints as Dynamic, 'json endpoints')];
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const endpoint of all) {
      const e = asHash(endpoint, 'endpoint');
      expect([e.specification, e.url, e.changeset, e.type].every((v) => typeof v === 'string' && v !== '')).toBe(true);
      const changeset = validDateTime(e.changeset);
      expect(changeset !== false && changeset < Date.now()).toBe(true);
      expect(endpointFormats(e).length).toBeGreaterThan(0);
      if (/^.*_v2$/i.test(String(e.specification))) expect(endpointFormats(e)).toContain('text/xml');
    }
  });

  it('rule "each endpoint should have an array of formats": XML formats.format and JSON formats are Arrays', async () => {
    const d = await discovery();
    const xmlEndpoint = dig(d.xml, 'endpoints', 'endpoint');
    for (const endpoint of Array.isArray(xmlEndpoint) ? xmlEndpoint : [xmlEndpoint ?? null]) {
      expect(Array.isArray(dig(endpoint, 'formats', 'format'))).toBe(true);
    }
    for (const endpoint of asList(d.json.endpoints as Dynamic, 'json endpoints'))
      expect(Array.isArray(dig(endpoint, 'formats'))).toBe(true);
  });
});

describe('validator tests/services.rb and service_definition.rb', () => {
  // Resource#services_resource: "/services.#{format}?jurisdiction_id=#{@options[:jurisdiction_id]}" —
  // with no -j option Ruby interpolates nil as an empty string.
  it.each(['xml', 'json'])(
    'rules "there should be at least one service" and "all services should have a service code" (%s)',
    async (format) => {
      const { status, parsed } = await httparty(`/open311/v2/services.${format}?jurisdiction_id=`);
      expect(status).toBe(200);
      const services = format === 'xml' ? dig(parsed as Dynamic, 'services', 'service') : (parsed as Dynamic);
      const list = Array.isArray(services) ? services : [services ?? null];
      expect(list.length).toBeGreaterThan(0);
      for (const service of list) expect(typeof dig(service, 'service_code')).toBe('string');
    },
  );

  it.each(['xml', 'json'])(
    'Resource#definition_resource: every service whose metadata is not false has a fetchable definition (%s)',
    async (format) => {
      const { parsed } = await httparty(`/open311/v2/services.${format}?jurisdiction_id=`);
      const services =
        format === 'xml' ? asList(dig(parsed as Dynamic, 'services', 'service'), 'service') : (parsed as Dynamic[]);
      const withMetadata = services.filter(
        (s) => isHash(s) && s.metadata !== null && s.metadata !== undefined && String(s.metadata) !== 'false',
      );
      expect(withMetadata.map((s) => dig(s, 'service_code'))).toEqual(['101']);
      for (const service of withMetadata) {
        const definition = await httparty(
          `/open311/v2/services/${String(dig(service, 'service_code'))}.${format}?jurisdiction_id=`,
        );
        expect(definition.status).toBe(200);
        const root =
          format === 'xml' ? dig(definition.parsed as Dynamic, 'service_definition') : (definition.parsed as Dynamic);
        expect(dig(root, 'service_code')).toBe(dig(service, 'service_code'));
      }
    },
  );
});

describe('validator tests/create.rb ("Creating Client Once")', () => {
  it('rule "each should return something": its sample POST gets a non-empty GeoReport answer', async () => {
    // Resource#data_from_options merged with tests/create.rb's data.
    const response = await t.api.post('/open311/v2/requests.xml').type('form').send({
      api_key: key,
      jurisdiction_id: '',
      service_code: '102',
      address_string: 'Kauppakaari 11, Kerava',
      email: 'foo@bar.com',
      description: 'I know',
    });
    expect(response.text.trim()).not.toBe('');
    const parsed = rubyMultiXml(response.text);
    expect(['service_requests', 'errors']).toContain(Object.keys(parsed)[0]);
  });
});
