import { toXml } from '../../src/http/xml';
import {
  compileResponseSchema,
  expectedXmlRoot,
  expectValidResponse,
  expectValidXmlResponse,
  followRefs,
  isObject,
  listOperations,
  MEDIA_TYPES,
  openApiDocument,
  resolvePointer,
  xmlToSpark,
  type JsonObject,
  type OperationInfo,
} from '../support/openapi';

const OPEN311_OPERATIONS = [
  'getDiscovery',
  'getServices',
  'getServiceDefinition',
  'getServiceDefinitionAlias',
  'createRequest',
  'getToken',
  'getRequests',
  'getRequest',
  'getPhoto',
  'getRequestsGeoJson',
  'getSimilarRequests',
  'getMyRequests',
  'getRequestsRss',
  'getRequestsAtom',
  'getServiceRequestUpdates',
];
const OPERATIONAL_OPERATIONS = ['getHealth', 'getReady', 'getOpenApi', 'getDocs', 'getMetrics'];
const MY_FEEDBACK_OPERATIONS = [
  'getMyFeedback',
  'requestSignInLink',
  'getSignInLink',
  'useSignInLink',
  'signOutMyFeedback',
];
const PAGES_OPERATIONS = ['getHomePage', 'getRequestPage', 'addRequestDetails', 'getPagesStylesheet'];
const WIDGET_OPERATIONS = ['getWidgetLoader', 'getWidgetFile', 'getWidgetConfig'];
const XML_ROOTS = [
  'discovery',
  'services',
  'service_definition',
  'service_requests',
  'similar_requests',
  'service_request_updates',
  'errors',
];
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** GeoReport-style operations: JSON or XML by the `.{format}` suffix (not .geojson, not feeds). */
const open311Operations = (): OperationInfo[] =>
  listOperations().filter((op) => op.path.startsWith('/open311/') && op.path.endsWith('.{format}'));
const adminOperations = (): OperationInfo[] => listOperations().filter((op) => op.path.startsWith('/admin/v1/'));

function asObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new Error(`${what} is not an object`);
  return value;
}

function responsesOf(op: OperationInfo): JsonObject {
  return asObject(op.operation.responses, `${op.operationId} responses`);
}

function resolvedResponse(op: OperationInfo, status: string): JsonObject {
  const responses = responsesOf(op);
  return asObject(
    followRefs(`${op.pointer}/responses/${status}`, responses[status]).node,
    `${op.operationId} ${status}`,
  );
}

function resolvedParameters(op: OperationInfo): JsonObject[] {
  const parameters = Array.isArray(op.operation.parameters) ? op.operation.parameters : [];
  return parameters.map((parameter: unknown) => asObject(followRefs(op.pointer, parameter).node, 'parameter'));
}

function collectRefs(node: unknown, at: string, into: Array<{ at: string; ref: string }>): typeof into {
  if (Array.isArray(node)) node.forEach((child: unknown, index) => collectRefs(child, `${at}/${index}`, into));
  else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string') into.push({ at, ref: child });
      else collectRefs(child, `${at}/${key}`, into);
    }
  }
  return into;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---------------------------------------------------------------- samples (docs/open311-dialect.md)

const services = [
  {
    service_code: '246',
    service_name: 'Roskaaminen',
    description: 'Ilmoita roskaantuneista yleisistä alueista.',
    metadata: false,
    type: 'realtime',
    keywords: 'roska,jäte',
    group: 'Puhtaanapito',
  },
  {
    service_code: '211',
    service_name: 'Leikki- ja liikuntapuistot',
    description: 'Rikkinäiset leikkivälineet.',
    metadata: true,
    type: 'batch',
    keywords: null,
    group: null,
  },
];

const serviceDefinition = {
  service_code: '211',
  attributes: [
    {
      variable: true,
      code: 'EQUIPMENT',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'Mikä väline on rikki?',
      values: [
        { key: 'swing', name: 'Keinu' },
        { key: 'slide', name: 'Liukumäki' },
      ],
    },
    {
      variable: true,
      code: 'DETAILS',
      datatype: 'text',
      required: false,
      datatype_description: 'Vapaa teksti',
      order: 2,
      description: 'Lisätietoja',
    },
  ],
};

const discovery = {
  changeset: '2026-01-01T00:00:00+02:00',
  contact: 'Palautepalvelun ylläpito, palaute-api@example.fi',
  key_service: 'API-avaimen saa pyytämällä.',
  endpoints: [
    {
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'https://palaute.example.fi/open311/v2',
      changeset: '2026-01-01T00:00:00+02:00',
      type: 'production',
      formats: ['text/xml', 'application/json'],
      locales: ['fi_FI', 'sv_SE', 'en_GB'],
    },
  ],
};

const serviceRequest = {
  service_request_id: '2026-000123',
  status: 'closed',
  status_notes: 'Kiitos ilmoituksesta. Asia on korjattu.',
  service_name: 'Katujen kunto',
  service_code: '171',
  description: 'Kuoppa ajoradalla uimahallin edessä.',
  agency_responsible: 'Kaupunkiympäristön toimiala',
  service_notice: null,
  requested_datetime: '2026-05-02T11:02:07+03:00',
  updated_datetime: '2026-05-06T08:55:09Z',
  expected_datetime: null,
  address: 'Esimerkkikatu 1, 00100 Helsinki',
  address_id: null,
  zipcode: '00100',
  lat: 60.1699,
  long: 24.9384,
  media_url: 'https://palaute.example.fi/media/2026-000123/1.jpg',
};

const extendedRequest = {
  ...serviceRequest,
  extended_attributes: {
    title: 'Kuoppa',
    detailed_status: 'PROCESSED',
    status_descriptive_name: 'Käsitelty',
    media_urls: [
      'https://palaute.example.fi/media/2026-000123/1.jpg',
      'https://palaute.example.fi/media/2026-000123/2.jpg',
    ],
    log: [
      { time: '2026-05-02T11:02:07+03:00', status: 'RECEIVED', note: null },
      { time: '2026-05-06T08:55:09Z', status: 'PROCESSED', note: 'Korjattu.' },
    ],
    distance: 42.5,
  },
};

const errors = [{ code: 400, description: 'service_code puuttuu' }];

type Sample = { operationId: string; status: number; body: unknown; root: string };

const validSamples: Record<string, Sample> = {
  'a discovery document': { operationId: 'getDiscovery', status: 200, body: discovery, root: 'discovery' },
  'a service list': { operationId: 'getServices', status: 200, body: services, root: 'services' },
  'an empty service list': { operationId: 'getServices', status: 200, body: [], root: 'services' },
  'a service definition': {
    operationId: 'getServiceDefinition',
    status: 200,
    body: serviceDefinition,
    root: 'service_definition',
  },
  'a realtime POST answer': {
    operationId: 'createRequest',
    status: 200,
    body: [
      { service_request_id: '2026-000124', service_notice: 'Palaute otetaan käsittelyyn viiden työpäivän kuluessa.' },
    ],
    root: 'service_requests',
  },
  'a batch POST answer': {
    operationId: 'createRequest',
    status: 200,
    body: [{ token: 'f3a9c2', service_notice: null }],
    root: 'service_requests',
  },
  'a resolved token': {
    operationId: 'getToken',
    status: 200,
    body: [{ service_request_id: '2026-000124', token: 'f3a9c2' }],
    root: 'service_requests',
  },
  'a request list without extensions': {
    operationId: 'getRequests',
    status: 200,
    body: [serviceRequest],
    root: 'service_requests',
  },
  'a request list with extended_attributes': {
    operationId: 'getRequests',
    status: 200,
    body: [extendedRequest, { ...extendedRequest, service_request_id: '2026-000125', lat: null, long: null }],
    root: 'service_requests',
  },
  'a single request': { operationId: 'getRequest', status: 200, body: [extendedRequest], root: 'service_requests' },
  'an error list (400)': { operationId: 'getRequests', status: 400, body: errors, root: 'errors' },
  'an error list (403)': {
    operationId: 'createRequest',
    status: 403,
    body: [{ code: 403, description: 'api_key puuttuu tai on virheellinen' }],
    root: 'errors',
  },
  'an error list (404)': {
    operationId: 'getRequest',
    status: 404,
    body: [{ code: 404, description: 'not found' }],
    root: 'errors',
  },
  'an error list (429)': {
    operationId: 'getServices',
    status: 429,
    body: [{ code: 429, description: 'slow down' }],
    root: 'errors',
  },
};

function withoutValues(attribute: JsonObject): JsonObject {
  const rest = { ...attribute };
  delete rest.values;
  return rest;
}

type Breakage = { operationId: string; status: number; body: unknown };

function brokenRequest(change: (request: JsonObject) => void): unknown {
  const request: JsonObject = clone(extendedRequest);
  change(request);
  return [request];
}

const brokenJsonSamples: Record<string, Breakage> = {
  'a numeric service_code': {
    operationId: 'getServices',
    status: 200,
    body: [{ ...services[0], service_code: 246 }],
  },
  'status "pending"': { operationId: 'getRequests', status: 200, body: brokenRequest((r) => (r.status = 'pending')) },
  'a datetime with milliseconds': {
    operationId: 'getRequests',
    status: 200,
    body: brokenRequest((r) => (r.requested_datetime = '2026-05-02T11:02:07.123+03:00')),
  },
  'a datetime without offset': {
    operationId: 'getRequests',
    status: 200,
    body: brokenRequest((r) => (r.updated_datetime = '2026-05-02T11:02:07')),
  },
  'a missing required field': { operationId: 'getRequests', status: 200, body: brokenRequest((r) => delete r.zipcode) },
  'an extra field email': {
    operationId: 'getRequest',
    status: 200,
    body: brokenRequest((r) => (r.email = 'a@example.fi')),
  },
  'lat as a string': { operationId: 'getRequests', status: 200, body: brokenRequest((r) => (r.lat = '60.1699')) },
  'two items for a single request': { operationId: 'getRequest', status: 200, body: [serviceRequest, serviceRequest] },
  'an empty error list': { operationId: 'getServices', status: 400, body: [] },
  'an error object instead of a list': {
    operationId: 'getServices',
    status: 404,
    body: { code: 404, description: 'x' },
  },
  'a POST answer with both id and token': {
    operationId: 'createRequest',
    status: 200,
    body: [{ service_request_id: '1', token: 't', service_notice: null }],
  },
  'values on a text attribute': {
    operationId: 'getServiceDefinition',
    status: 200,
    body: { service_code: '1', attributes: [{ ...serviceDefinition.attributes[1], values: [] }] },
  },
  'a list attribute without values': {
    operationId: 'getServiceDefinition',
    status: 200,
    body: { service_code: '1', attributes: [withoutValues(serviceDefinition.attributes[0])] },
  },
  'an unknown detailed_status': {
    operationId: 'getRequests',
    status: 200,
    body: brokenRequest((r) => ((r.extended_attributes as JsonObject).detailed_status = 'PUBLIC_WORKS_NEW')),
  },
  'a discovery endpoint without formats': {
    operationId: 'getDiscovery',
    status: 200,
    body: { ...discovery, endpoints: [{ ...discovery.endpoints[0], formats: [] }] },
  },
};

// ---------------------------------------------------------------- the document

describe('openapi/openapi.yaml', () => {
  it('when the YAML is parsed, then it is a document with info, paths and components', () => {
    expect(isObject(openApiDocument.info)).toBe(true);
    expect(isObject(openApiDocument.paths)).toBe(true);
    expect(isObject(openApiDocument.components)).toBe(true);
  });

  it('when the version fields are read, then it is OpenAPI 3.1.0 for palaute311 0.1.0 on server "/"', () => {
    expect(openApiDocument.openapi).toBe('3.1.0');
    const info = asObject(openApiDocument.info, 'info');
    expect(info.title).toBe('palaute311');
    expect(info.version).toBe('0.1.0');
    expect(String(info.description)).toMatch(/GeoReport v2/);
    expect(String(info.description)).toMatch(/write-only/);
    expect(openApiDocument.servers).toEqual([{ url: '/' }]);
    expect(openApiDocument.tags).toEqual([
      expect.objectContaining({ name: 'open311' }),
      expect.objectContaining({ name: 'operations' }),
      expect.objectContaining({ name: 'admin' }),
    ]);
  });

  it('when operations are listed, then each has a unique operationId and exactly the planned set exists', () => {
    const ids = listOperations().map((op) => op.operationId);
    expect(ids).not.toContain('');
    expect(new Set(ids).size).toBe(ids.length);
    const publicIds = listOperations()
      .filter((op) => !op.path.startsWith('/admin/'))
      .map((op) => op.operationId);
    expect([...publicIds].sort()).toEqual(
      [
        ...OPEN311_OPERATIONS,
        ...OPERATIONAL_OPERATIONS,
        ...MY_FEEDBACK_OPERATIONS,
        ...PAGES_OPERATIONS,
        ...WIDGET_OPERATIONS,
      ].sort(),
    );
    expect(adminOperations().every((op) => op.operationId.startsWith('admin'))).toBe(true);
  });

  it.each(listOperations().map((op) => [op.operationId, op] as const))(
    'when %s is inspected, then it has a 2xx response (or 303 for a form POST), a summary and a tag',
    (_id, op) => {
      expect(Object.keys(responsesOf(op)).some((status) => /^(2\d\d|303)$/.test(status))).toBe(true);
      expect(typeof op.operation.summary).toBe('string');
      const tag = op.path.startsWith('/admin/')
        ? 'admin'
        : ['/open311/', '/media/', '/feeds/'].some((prefix) => op.path.startsWith(prefix))
          ? 'open311'
          : 'operations';
      expect(op.operation.tags).toEqual([tag]);
    },
  );

  it.each(open311Operations().map((op) => [op.operationId, op] as const))(
    'when Open311 operation %s is inspected, then 400, 404, 429 and 500 answer the Errors schema in JSON and XML',
    (_id, op) => {
      for (const status of ['400', '404', '429', '500']) {
        const content = asObject(resolvedResponse(op, status).content, `${op.operationId} ${status} content`);
        expect(Object.keys(content).sort()).toEqual([MEDIA_TYPES.json, MEDIA_TYPES.xml]);
        for (const mediaType of [MEDIA_TYPES.json, MEDIA_TYPES.xml]) {
          expect(asObject(content[mediaType], mediaType).schema).toEqual({ $ref: '#/components/schemas/Errors' });
        }
      }
      expect(asObject(resolvedResponse(op, '429').headers, '429 headers')).toHaveProperty('Retry-After');
    },
  );

  it.each(adminOperations().map((op) => [op.operationId, op] as const))(
    'when admin operation %s is inspected, then it needs a handler token and answers 401 and 403 as AdminErrors',
    (_id, op) => {
      expect(op.operation.security).toEqual([{ handler_token: [] }]);
      for (const status of ['401', '403']) {
        const content = asObject(resolvedResponse(op, status).content, `${op.operationId} ${status} content`);
        expect(asObject(content['application/json'], 'json').schema).toEqual({
          $ref: '#/components/schemas/AdminErrors',
        });
      }
    },
  );

  it.each(open311Operations().map((op) => [op.operationId, op] as const))(
    'when Open311 operation %s is inspected, then its path ends in .{format} and 200 offers JSON and XML',
    (_id, op) => {
      expect(op.path).toMatch(/\.\{format\}$/);
      const format = resolvedParameters(op).find((parameter) => parameter.name === 'format');
      expect(format).toMatchObject({ in: 'path', required: true, schema: { type: 'string', enum: ['json', 'xml'] } });
      const content = asObject(resolvedResponse(op, '200').content, '200 content');
      expect(Object.keys(content).sort()).toEqual([MEDIA_TYPES.json, MEDIA_TYPES.xml]);
      const json = asObject(content[MEDIA_TYPES.json], 'json');
      const xml = asObject(content[MEDIA_TYPES.xml], 'xml');
      expect(xml.schema).toEqual(json.schema);
      expect(XML_ROOTS).toContain(expectedXmlRoot(op.operationId, 200));
    },
  );

  it('when any parameter is inspected, then it says which spec or extension it comes from', () => {
    for (const op of listOperations()) {
      for (const parameter of resolvedParameters(op)) {
        expect(`${op.operationId} ${String(parameter.name)}: ${String(parameter.description)}`).toMatch(
          /: \[(CORE|CitySDK|6Aika|CHI|MAS|MYS|palaute311)\]/,
        );
      }
    }
  });

  it('when createRequest is inspected, then it takes three body encodings, api_key or bearer, and answers 403 and 413', () => {
    const op = listOperations().find((candidate) => candidate.operationId === 'createRequest');
    if (op === undefined) throw new Error('createRequest missing');
    expect(op.operation.security).toEqual([{ api_key: [] }, { bearer: [] }, { api_key: [], resident_jwt: [] }]);
    const body = asObject(op.operation.requestBody, 'requestBody');
    const content = asObject(body.content, 'requestBody content');
    expect(Object.keys(content).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
    const schema = asObject(resolvePointer('#/components/schemas/CreateServiceRequestBody'), 'body schema');
    expect(schema.required).toEqual(['service_code']);
    expect(Object.keys(asObject(schema.patternProperties, 'patternProperties'))).toEqual([
      '^attribute\\[[^\\]]+\\](\\[\\])?$',
    ]);
    const schemes = asObject(asObject(openApiDocument.components, 'components').securitySchemes, 'securitySchemes');
    expect(schemes.api_key).toMatchObject({ type: 'apiKey', in: 'query', name: 'api_key' });
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(responsesOf(op)).toHaveProperty('403');
    expect(responsesOf(op)).toHaveProperty('413');
  });

  it("when getRequests 200 is inspected, then it documents the pagination headers and the kept answer's ETag", () => {
    const op = listOperations().find((candidate) => candidate.operationId === 'getRequests');
    if (op === undefined) throw new Error('getRequests missing');
    const headers = asObject(resolvedResponse(op, '200').headers, 'headers');
    expect(Object.keys(headers).sort()).toEqual(
      [
        'ETag',
        'X-Next-Page-URL',
        'X-Page',
        'X-Page-Count',
        'X-Page-Size',
        'X-Previous-Page-URL',
        'X-Result-Count',
      ].sort(),
    );
    expect(followRefs('#', headers.ETag).node).toMatchObject({ required: false, schema: { type: 'string' } });
    expect(responsesOf(op)).toHaveProperty('304');
    for (const name of ['X-Result-Count', 'X-Page', 'X-Page-Count', 'X-Page-Size']) {
      expect(followRefs('#', headers[name]).node).toMatchObject({ required: true, schema: { type: 'integer' } });
    }
  });

  it('when every $ref is followed, then it resolves inside the document', () => {
    const refs = collectRefs(openApiDocument, '#', []);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter(({ ref }) => !ref.startsWith('#/') || resolvePointer(ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('when schemas are scanned, then nullability uses JSON Schema type arrays, not the 3.0 "nullable"', () => {
    const text = JSON.stringify(openApiDocument);
    expect(text).not.toMatch(/"nullable"/);
  });

  it('when ajv compiles every response schema of every operation, then none fails', () => {
    let compiled = 0;
    for (const op of listOperations()) {
      for (const status of Object.keys(responsesOf(op))) {
        const content = resolvedResponse(op, status).content;
        if (!isObject(content)) continue;
        for (const mediaType of Object.keys(content)) {
          expect(typeof compileResponseSchema(op.operationId, Number(status), mediaType)).toBe('function');
          compiled += 1;
        }
      }
    }
    expect(compiled).toBeGreaterThan(60);
  });
});

// ---------------------------------------------------------------- JSON bodies

describe('JSON response bodies against the document', () => {
  it.each(Object.entries(validSamples))('when %s is validated, then it passes', (_name, sample) => {
    expect(() => expectValidResponse(sample.operationId, sample.status, 'json', sample.body)).not.toThrow();
  });

  it.each(Object.entries(brokenJsonSamples))(
    'when a body with %s is validated, then it is rejected',
    (_name, sample) => {
      expect(() => expectValidResponse(sample.operationId, sample.status, 'json', sample.body)).toThrow(
        /does not match/,
      );
    },
  );

  it('when operational bodies are validated, then health, ready and unavailable pass and a wrong status fails', () => {
    expect(() => expectValidResponse('getHealth', 200, 'json', { status: 'ok' })).not.toThrow();
    expect(() => expectValidResponse('getReady', 200, 'json', { status: 'ready' })).not.toThrow();
    expect(() => expectValidResponse('getReady', 503, 'json', { status: 'unavailable' })).not.toThrow();
    expect(() => expectValidResponse('getReady', 200, 'json', { status: 'ok' })).toThrow(/does not match/);
    expect(() => expectValidResponse('getOpenApi', 200, 'json', openApiDocument)).not.toThrow();
  });

  it('when a rejection is reported, then the message names the operation, the path and the problem', () => {
    expect(() =>
      expectValidResponse(
        'getRequests',
        200,
        'json',
        brokenRequest((r) => (r.email = 'a@example.fi')),
      ),
    ).toThrow(/getRequests 200 application\/json[\s\S]*\/0 must NOT have additional properties[\s\S]*email/);
  });

  it('when an undocumented status or format is asked for, then the helper says so', () => {
    expect(() => expectValidResponse('getHealth', 404, 'json', {})).toThrow(/documents no response for 404/);
    expect(() => expectValidResponse('getHealth', 200, 'xml', '<x/>')).toThrow(/no text\/xml schema/);
    expect(() => expectValidResponse('noSuchOperation', 200, 'json', {})).toThrow(/noSuchOperation/);
  });
});

// ---------------------------------------------------------------- XML bodies

const xmlServices = `${DECLARATION}
<services>
  <service>
    <service_code>246</service_code>
    <service_name>Roskaaminen</service_name>
    <description>Ilmoita roskaantuneista yleisistä alueista.</description>
    <metadata>false</metadata>
    <type>realtime</type>
    <keywords>roska,jäte</keywords>
    <group/>
  </service>
</services>`;

const xmlRequest = (inner = '', extended = ''): string => `${DECLARATION}
<service_requests>
  <request>
    <service_request_id>2026-000123</service_request_id>
    <status>closed</status>
    <status_notes>Kiitos &amp; korjattu.</status_notes>
    <service_name>Katujen kunto</service_name>
    <service_code>171</service_code>
    <description>Kuoppa ajoradalla.</description>
    <agency_responsible></agency_responsible>
    <service_notice/>
    <requested_datetime>2026-05-02T11:02:07+03:00</requested_datetime>
    <updated_datetime>2026-05-06T08:55:09Z</updated_datetime>
    <expected_datetime/>
    <address/>
    <address_id/>
    <zipcode>00100</zipcode>
    <lat>60.1699</lat>
    <long>24.9384</long>
    <media_url/>${inner}${extended}
  </request>
</service_requests>`;

const xmlExtended = `
    <extended_attributes>
      <title/>
      <detailed_status>IN_PROCESS</detailed_status>
      <status_descriptive_name>Käsittelyssä</status_descriptive_name>
      <media_urls><media_url>https://palaute.example.fi/m/1.jpg</media_url></media_urls>
      <log>
        <entry><time>2026-05-02T11:02:07+03:00</time><status>RECEIVED</status><note/></entry>
        <entry><time>2026-05-03T09:00:00+03:00</time><status>IN_PROCESS</status><note>Tilattu.</note></entry>
      </log>
    </extended_attributes>`;

const xmlDefinition = `${DECLARATION}
<service_definition>
  <service_code>211</service_code>
  <attributes>
    <attribute>
      <variable>true</variable>
      <code>EQUIPMENT</code>
      <datatype>singlevaluelist</datatype>
      <required>true</required>
      <datatype_description></datatype_description>
      <order>1</order>
      <description>Mikä väline on rikki?</description>
      <values>
        <value><key>swing</key><name>Keinu</name></value>
      </values>
    </attribute>
  </attributes>
</service_definition>`;

const xmlDiscovery = `${DECLARATION}
<discovery>
  <changeset>2026-01-01T00:00:00+02:00</changeset>
  <contact>Ylläpito</contact>
  <key_service>Pyydä avain.</key_service>
  <endpoints>
    <endpoint>
      <specification>http://wiki.open311.org/GeoReport_v2</specification>
      <url>https://palaute.example.fi/open311/v2</url>
      <changeset>2026-01-01T00:00:00+02:00</changeset>
      <type>test</type>
      <formats><format>text/xml</format><format>application/json</format></formats>
      <locales/>
    </endpoint>
  </endpoints>
</discovery>`;

const xmlErrors = `${DECLARATION}
<errors><error><code>403</code><description>api_key puuttuu tai on virheellinen</description></error></errors>`;

describe('XML response bodies against the document', () => {
  it('when GeoReport XML is converted, then lists become arrays, empty leaves null and the root is reported', () => {
    expect(xmlToSpark(xmlServices)).toEqual({
      root: 'services',
      value: [
        {
          service_code: '246',
          service_name: 'Roskaaminen',
          description: 'Ilmoita roskaantuneista yleisistä alueista.',
          metadata: 'false',
          type: 'realtime',
          keywords: 'roska,jäte',
          group: null,
        },
      ],
    });
    expect(xmlToSpark(`${DECLARATION}<services/>`)).toEqual({ root: 'services', value: [] });
  });

  it.each([
    ['a service list', 'getServices', 200, xmlServices],
    ['a request list', 'getRequests', 200, xmlRequest()],
    ['a request with extended_attributes', 'getRequest', 200, xmlRequest('', xmlExtended)],
    ['a service definition', 'getServiceDefinition', 200, xmlDefinition],
    ['a discovery document', 'getDiscovery', 200, xmlDiscovery],
    ['an error list', 'createRequest', 403, xmlErrors],
    ['an empty request list', 'getRequests', 200, `${DECLARATION}\n<service_requests/>`],
  ] as const)('when %s in XML is validated, then it passes', (_name, operationId, status, xml) => {
    expect(() => expectValidXmlResponse(operationId, status, xml)).not.toThrow();
    expect(() => expectValidResponse(operationId, status, 'xml', xml)).not.toThrow();
  });

  it('when lat and long are empty elements, then they read back as null and pass', () => {
    const xml = xmlRequest().replace('<lat>60.1699</lat>', '<lat></lat>').replace('<long>24.9384</long>', '<long/>');
    expect(expectValidXmlResponse('getRequests', 200, xml)).toEqual([
      expect.objectContaining({ lat: null, long: null }),
    ]);
  });

  it('when XML validates, then the returned value has the schema types of the JSON rendering', () => {
    const value = expectValidXmlResponse('getRequest', 200, xmlRequest('', xmlExtended));
    expect(value).toEqual([
      expect.objectContaining({
        lat: 60.1699,
        long: 24.9384,
        status_notes: 'Kiitos & korjattu.',
        agency_responsible: null,
        expected_datetime: null,
        extended_attributes: expect.objectContaining({
          title: null,
          media_urls: ['https://palaute.example.fi/m/1.jpg'],
          log: [
            { time: '2026-05-02T11:02:07+03:00', status: 'RECEIVED', note: null },
            { time: '2026-05-03T09:00:00+03:00', status: 'IN_PROCESS', note: 'Tilattu.' },
          ],
        }),
      }),
    ]);
    expect(expectValidXmlResponse('getServiceDefinition', 200, xmlDefinition)).toMatchObject({
      attributes: [{ variable: true, required: true, order: 1, datatype_description: null }],
    });
    expect(expectValidXmlResponse('createRequest', 403, xmlErrors)).toEqual([
      { code: 403, description: 'api_key puuttuu tai on virheellinen' },
    ]);
  });

  it.each(Object.entries(validSamples))(
    'when %s is rendered by src/http/xml, then it validates and reads back equal to the JSON',
    (_name, sample) => {
      const xml = toXml(sample.root, sample.body);
      expect(expectValidXmlResponse(sample.operationId, sample.status, xml)).toEqual(sample.body);
    },
  );

  it.each([
    [
      'status "pending"',
      'getRequests',
      200,
      xmlRequest().replace('<status>closed</status>', '<status>pending</status>'),
      /allowedValues/,
    ],
    [
      'a datetime with milliseconds',
      'getRequests',
      200,
      xmlRequest().replace('2026-05-06T08:55:09Z', '2026-05-06T08:55:09.120Z'),
      /updated_datetime must match pattern/,
    ],
    ['a missing required field', 'getRequests', 200, xmlRequest().replace('<zipcode>00100</zipcode>', ''), /zipcode/],
    [
      'an extra field email',
      'getRequest',
      200,
      xmlRequest('\n    <email>a@example.fi</email>'),
      /additionalProperty":"email"/,
    ],
    [
      'a non-numeric lat',
      'getRequests',
      200,
      xmlRequest().replace('<lat>60.1699</lat>', '<lat>north</lat>'),
      /lat must be number/,
    ],
    [
      'an empty boolean',
      'getServices',
      200,
      xmlServices.replace('<metadata>false</metadata>', '<metadata/>'),
      /metadata must be boolean/,
    ],
    [
      'a yes/no boolean',
      'getServices',
      200,
      xmlServices.replace('<metadata>false</metadata>', '<metadata>no</metadata>'),
      /metadata must be boolean/,
    ],
    [
      'a fractional order',
      'getServiceDefinition',
      200,
      xmlDefinition.replace('<order>1</order>', '<order>1.5</order>'),
      /order must be integer/,
    ],
    [
      'an empty order',
      'getServiceDefinition',
      200,
      xmlDefinition.replace('<order>1</order>', '<order/>'),
      /order must be integer/,
    ],
    [
      'an empty error code',
      'createRequest',
      403,
      xmlErrors.replace('<code>403</code>', '<code/>'),
      /code must be integer/,
    ],
    [
      'an empty extended_attributes',
      'getRequest',
      200,
      xmlRequest('', '\n    <extended_attributes/>'),
      /extended_attributes must be object/,
    ],
    ['an empty error list', 'getServices', 400, `${DECLARATION}<errors/>`, /must NOT have fewer than 1 items/],
  ] as const)('when XML with %s is validated, then it is rejected', (_name, operationId, status, xml, message) => {
    expect(() => expectValidXmlResponse(operationId, status, xml)).toThrow(message);
  });

  it.each([
    ['no XML declaration', 'getServices', 200, xmlServices.replace(DECLARATION, ''), /must start with/],
    ['a different declaration', 'getServices', 200, xmlServices.replace('utf-8', 'UTF-8'), /must start with/],
    ['the wrong root element', 'getRequests', 200, xmlServices, /root must be <service_requests>, got <services>/],
    [
      "6Aika's <requests> root",
      'getRequests',
      200,
      xmlRequest().replace(/service_requests>/g, 'requests>'),
      /root must be <service_requests>/,
    ],
    [
      'a wrong item element',
      'getServices',
      200,
      xmlServices.replace(/<(\/?)service>/g, '<$1item>'),
      /may only contain <service>/,
    ],
    ['an attribute', 'getServices', 200, xmlServices.replace('<service>', '<service id="1">'), /attributes/],
    [
      'a namespace',
      'getServices',
      200,
      xmlServices.replace('<services>', '<services xmlns="http://wiki.open311.org/GeoReport_v2">'),
      /attributes/,
    ],
    ['a repeated field', 'getServices', 200, xmlServices.replace('<group/>', '<group/><group/>'), /occurs 2 times/],
    ['malformed XML', 'getServices', 200, `${DECLARATION}<services><service></services>`, /malformed XML/],
  ] as const)('when XML with %s is checked, then it is rejected', (_name, operationId, status, xml, message) => {
    expect(() => expectValidXmlResponse(operationId, status, xml)).toThrow(message);
  });
});
