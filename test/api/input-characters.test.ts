import type { TestContext } from '../support/context';
import { createSeededApi } from '../support/seeded-api';
import { xmlToSpark } from '../support/openapi';

/**
 * The text rule at the boundary (docs/api.md, "Text that comes in"): NUL, C0 controls other than TAB,
 * LF and CR, U+FFFE/U+FFFF, lone surrogates and undecodable escapes are a 400 naming the
 * parameter, in the requested format, on every public route — and nothing is stored.
 */
let t: TestContext;
let key: string;
beforeAll(async () => {
  ({ t, key } = await createSeededApi());
});
afterAll(() => t.close());

const refusal = (name: string, what = 'a control character (U+0000)') => `${name} contains ${what} that is not allowed`;
const count = async () => Number((await t.db.pool.query('SELECT count(*) FROM service_request')).rows[0].count);

/** 400 with exactly `description` as the one GeoReport error, as JSON or (for `.xml` paths) XML. */
function expectError(
  response: { status: number; text: string; body: unknown; headers: object },
  url: string,
  description: string,
) {
  expect({ url, status: response.status }).toEqual({ url, status: 400 });
  const headers = response.headers as Record<string, string>;
  if (/\.xml(\?|$)/.test(url)) {
    expect(headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xmlToSpark(response.text)).toEqual({ root: 'errors', value: [{ code: '400', description }] });
  } else {
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual([{ code: 400, description }]);
  }
}

describe('GET: NUL and control characters in the URL', () => {
  const cases: [string, string][] = [
    ['/open311/v2/requests.{f}?service_request_id=%00', 'service_request_id'],
    ['/open311/v2/requests/%00.{f}', 'service_request_id'],
    ['/open311/v2/tokens/%00.{f}', 'token'],
    ['/open311/v2/tokens/a%00b.{f}', 'token'],
    ['/open311/v2/requests.{f}?q=%00abc', 'q'],
    ['/open311/v2/servicerequestupdates.{f}?service_request_id=%00', 'service_request_id'],
    ['/open311/v2/services/%00.{f}', 'service_code'],
    ['/open311/v2/service/1%00.{f}', 'service_code'],
    ['/open311/v2/services.{f}?jurisdiction_id=test.fi%00', 'jurisdiction_id'],
    ['/open311/v2/discovery.{f}?locale=%00', 'locale'],
    ['/open311/v2/similar.{f}?description=%00', 'description'],
    ['/open311/v2/my/requests.{f}?page=%00', 'page'],
  ];
  it.each(cases.flatMap(([url, name]) => ['json', 'xml'].map((f) => [url.replace('{f}', f), name])))(
    'when %s is asked for, then 400 names %s in the requested format',
    async (url, name) => {
      expectError(await t.api.get(url), url, refusal(name));
    },
  );

  it.each([
    ['/open311/v2/requests.geojson?q=%00', 'q'],
    ['/feeds/requests.rss?service_code=%00', 'service_code'],
    ['/feeds/requests.atom?service_code=%00', 'service_code'],
    ['/media/%00.jpg', 'file'],
    ['/docs/%00', 'path'],
  ])('when %s is asked for, then 400 names %s as a GeoReport error', async (url, name) => {
    expectError(await t.api.get(url), url, refusal(name));
  });

  it.each([
    ['%01', 'a control character (U+0001)'],
    ['%07', 'a control character (U+0007)'],
    ['%0B', 'a control character (U+000B)'],
    ['%1B', 'a control character (U+001B)'],
    ['%EF%BF%BE', 'a noncharacter (U+FFFE)'],
    ['%EF%BF%BF', 'a noncharacter (U+FFFF)'],
  ])('when the query value holds %s, then 400 says it is %s', async (escape, what) => {
    const url = `/open311/v2/requests.xml?q=a${escape}b`;
    expectError(await t.api.get(url), url, refusal('q', what));
  });

  it.each(['%ED%A0%80', '%C3', '%C3%28', '%ZZ', '%'])(
    'when the query value holds the undecodable %s, then 400 says q is not valid UTF-8',
    async (escape) => {
      const url = `/open311/v2/requests.json?q=a${escape}`;
      expectError(await t.api.get(url), url, 'q is not valid percent-encoded UTF-8');
    },
  );

  it('when a path parameter is undecodable, then 400 names it', async () => {
    const url = '/open311/v2/requests/%C3.xml';
    expectError(await t.api.get(url), url, 'service_request_id is not valid percent-encoded UTF-8');
  });

  it('when a parameter NAME holds a control character, then 400 shows the name with the character escaped', async () => {
    const url = '/open311/v2/requests.json?a%00b=1';
    expectError(
      await t.api.get(url),
      url,
      'parameter name "a\\u0000b" contains a control character (U+0000) that is not allowed',
    );
  });

  it('when the query holds TAB, LF, CR, DEL and ordinary non-ASCII text, then it is read as before', async () => {
    const response = await t.api.get('/open311/v2/requests.json?q=a%09b%0Ac%0Dd%7F%C3%A4%E2%82%AC');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });
});

describe('POST requests: every character class in every encoding', () => {
  const valid = () => ({ api_key: key, service_code: '102', lat: '60.4041', long: '25.1043' });

  it.each([
    ['\u0000', 'a control character (U+0000)'],
    ['\u0001', 'a control character (U+0001)'],
    ['\u0007', 'a control character (U+0007)'],
    ['\u000B', 'a control character (U+000B)'],
    ['\u000C', 'a control character (U+000C)'],
    ['\u001B', 'a control character (U+001B)'],
    ['\uFFFE', 'a noncharacter (U+FFFE)'],
    ['\uFFFF', 'a noncharacter (U+FFFF)'],
    ['\uD800', 'a lone surrogate (U+D800)'],
    ['\uDC00', 'a lone surrogate (U+DC00)'],
  ])('when a JSON description holds %j, then 400 says it is %s and nothing is stored', async (char, what) => {
    const before = await count();
    // JSON.stringify writes the control characters and lone surrogates as \u escapes.
    const body = JSON.stringify({ ...valid(), description: `Kuoppa ${char} torilla, syvä ja leveä.` });
    const response = await t.api.post('/open311/v2/requests.json').set('Content-Type', 'application/json').send(body);
    expectError(response, '/open311/v2/requests.json', refusal('description', what));
    expect(await count()).toBe(before);
  });

  it.each([
    ['%00', refusal('description')],
    ['%07', refusal('description', 'a control character (U+0007)')],
    ['%EF%BF%BF', refusal('description', 'a noncharacter (U+FFFF)')],
    ['%ED%A0%80', 'description is not valid percent-encoded UTF-8'],
    ['%C3%28', 'description is not valid percent-encoded UTF-8'],
    ['%E4', 'description is not valid percent-encoded UTF-8'],
  ])('when a urlencoded description holds %s, then 400 (%s) in XML and nothing is stored', async (escape, message) => {
    const before = await count();
    const form =
      new URLSearchParams(valid()).toString() + `&description=Kuoppa${escape}torilla+syv%C3%A4+ja+leve%C3%A4`;
    const response = await t.api.post('/open311/v2/requests.xml').type('form').send(form);
    expectError(response, '/open311/v2/requests.xml', message);
    expect(await count()).toBe(before);
  });

  it('when a multipart description holds U+0007, then 400 names it and nothing is stored', async () => {
    const before = await count();
    const request = t.api.post('/open311/v2/requests.json');
    for (const [name, value] of Object.entries(valid())) request.field(name, value);
    const response = await request.field('description', 'Kuoppa \u0007 torilla, syvä ja leveä.');
    expectError(response, '/open311/v2/requests.json', refusal('description', 'a control character (U+0007)'));
    expect(await count()).toBe(before);
  });

  it('when a JSON attribute code holds a control character, then 400 names the field', async () => {
    const body = JSON.stringify({
      ...valid(),
      description: 'Kuoppa torilla, syvä.',
      attribute: { 'SI\u0001ZE': 'small' },
    });
    const response = await t.api.post('/open311/v2/requests.json').set('Content-Type', 'application/json').send(body);
    expectError(
      response,
      '/open311/v2/requests.json',
      'parameter name "attribute[SI\\u0001ZE]" contains a control character (U+0001) that is not allowed',
    );
  });

  it('when the JSON body is not UTF-8, then 400 says so and nothing is stored', async () => {
    const before = await count();
    const body = Buffer.concat([
      Buffer.from(JSON.stringify({ ...valid(), description: 'Kuoppa torilla ' }).slice(0, -2)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const response = await t.api
      .post('/open311/v2/requests.json')
      .set('Content-Type', 'application/json')
      // superagent would JSON-encode a Buffer: send the bytes as they are.
      .serialize(((bytes: Buffer) => bytes) as unknown as (body: unknown) => string)
      .send(body);
    expectError(response, '/open311/v2/requests.json', 'request body is not valid UTF-8');
    expect(await count()).toBe(before);
  });

  it('when the description holds TAB, LF and CR, then it is stored as written', async () => {
    const description = 'Kuoppa\ttorilla,\r\nsyvä ja leveä.';
    const response = await t.api
      .post('/open311/v2/requests.json')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...valid(), description }));
    expect(response.status).toBe(200);
    const stored = await t.db.pool.query('SELECT description_original FROM service_request WHERE public_id = $1', [
      response.body[0].service_request_id,
    ]);
    expect(stored.rows[0].description_original).toBe(description);
  });
});
