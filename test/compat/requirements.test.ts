/**
 * The requirement schemas (requirements/georeport-schemas.ts) must refuse what the community
 * schemas refuse, or schema-validation.test.ts could pass on broken output. Each case starts from a
 * document the schema accepts and breaks one rule; docs/clients.md lists the rules.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SchemaObject } from 'ajv';
import { xmlToSpark } from '../support/openapi';
import { schemaProblems, type WireFormat } from './requirements/check-schema';
import * as required from './requirements/georeport-schemas';

type Doc = Record<string, unknown>;

const SERVICE: Doc = {
  service_code: '101',
  service_name: 'Katujen kunto',
  description: 'Kuopat, painumat ja muut katuvauriot',
  metadata: true,
  type: 'realtime',
  keywords: 'kuoppa,katu',
  group: 'Kadut',
};

const DEFINITION: Doc = {
  service_code: '101',
  attributes: [
    {
      variable: true,
      code: 'SIZE',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'Kuinka suuri kuoppa on?',
      values: [
        { key: 'small', name: 'Pieni' },
        { key: 'large', name: 'Suuri' },
      ],
    },
  ],
};

const REQUEST: Doc = {
  service_request_id: '2024-000311',
  status: 'open',
  status_notes: null,
  service_name: 'Katujen kunto',
  service_code: '101',
  description: 'Syvä kuoppa pyörätiellä koulun kohdalla.',
  agency_responsible: 'Katupalvelut',
  service_notice: null,
  requested_datetime: '2024-03-11T07:15:02Z',
  updated_datetime: '2024-03-12T09:40:55+02:00',
  expected_datetime: null,
  address: 'Kauppakaari 11, Kerava',
  address_id: null,
  zipcode: '04200',
  lat: 60.4041,
  long: 25.1043,
  media_url: 'https://palaute.kerava.example/media/2024-000311.jpg',
};

const POST_ANSWER: Doc = { service_request_id: '2024-000417', service_notice: 'Käsitellään viidessä arkipäivässä.' };
const TOKEN_ANSWER: Doc = { service_request_id: '2024-000418', token: '7c1e9b52-04d3-4f8a-b6e0-2a95d13c7f40' };

/** A copy of `base` with `changes` applied; `undefined` removes the field. */
function changed(base: Doc, changes: Doc): Doc {
  const copy = structuredClone(base);
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[field];
    else copy[field] = value;
  }
  return copy;
}

const attributeWith = (changes: Doc): Doc => {
  const [first] = DEFINITION.attributes as Doc[];
  return changed(DEFINITION, { attributes: [changed(first, changes)] });
};

const keywordsAt = (schema: SchemaObject, format: WireFormat, data: unknown): string[] =>
  schemaProblems(schema, format, data).map((line) => line.split(':')[0]);

describe('requirement schemas accept well-formed documents', () => {
  it.each([
    ['a service list', required.serviceList, [SERVICE, changed(SERVICE, { description: null, metadata: false })]],
    ['a service definition', required.serviceDefinition, DEFINITION],
    ['a request list', required.requestList, [REQUEST, changed(REQUEST, { lat: null, long: null, media_url: null })]],
    ['a POST answer', required.postAnswer, [POST_ANSWER]],
    ['a token answer', required.tokenAnswer, [TOKEN_ANSWER]],
  ])('when %s follows every rule, then no problem is reported', (_label, schema, data) => {
    expect(schemaProblems(schema, 'json', data)).toEqual([]);
  });
});

describe('requirement schemas refuse a document that breaks one rule (JSON)', () => {
  it.each([
    ['a service has no metadata', required.serviceList, [changed(SERVICE, { metadata: undefined })], '/0 required'],
    [
      'a service type is not realtime, batch or blackbox',
      required.serviceList,
      [changed(SERVICE, { type: 'instant' })],
      '/0/type enum',
    ],
    [
      'metadata is the string "true"',
      required.serviceList,
      [changed(SERVICE, { metadata: 'true' })],
      '/0/metadata type',
    ],
    [
      'a service code is a number',
      required.serviceList,
      [changed(SERVICE, { service_code: 101 })],
      '/0/service_code type',
    ],
    ['the service list is wrapped in an object', required.serviceList, { services: [SERVICE] }, '(root) type'],
    [
      'a definition has no attributes',
      required.serviceDefinition,
      changed(DEFINITION, { attributes: undefined }),
      '(root) required',
    ],
    [
      'an attribute datatype is boolean',
      required.serviceDefinition,
      attributeWith({ datatype: 'boolean' }),
      '/attributes/0/datatype enum',
    ],
    [
      'an attribute order is 1.5',
      required.serviceDefinition,
      attributeWith({ order: 1.5 }),
      '/attributes/0/order type',
    ],
    [
      'an attribute has no variable flag',
      required.serviceDefinition,
      attributeWith({ variable: undefined }),
      '/attributes/0 required',
    ],
    [
      'a choice has no name',
      required.serviceDefinition,
      attributeWith({ values: [{ key: 'small' }] }),
      '/attributes/0/values/0 required',
    ],
    [
      'a request status is in_process',
      required.requestList,
      [changed(REQUEST, { status: 'in_process' })],
      '/0/status enum',
    ],
    [
      'a request has no service_code',
      required.requestList,
      [changed(REQUEST, { service_code: undefined })],
      '/0 required',
    ],
    ['lat is a numeric string', required.requestList, [changed(REQUEST, { lat: '60.4041' })], '/0/lat type'],
    [
      'a description has 4001 characters',
      required.requestList,
      [changed(REQUEST, { description: 'k'.repeat(4001) })],
      '/0/description maxLength',
    ],
    [
      'requested_datetime has no zone',
      required.requestList,
      [changed(REQUEST, { requested_datetime: '2024-03-11T07:15:02' })],
      '/0/requested_datetime format',
    ],
    [
      'updated_datetime is Finnish prose',
      required.requestList,
      [changed(REQUEST, { updated_datetime: '12.3.2024 klo 9.40' })],
      '/0/updated_datetime format',
    ],
    [
      'media_url is a bare file name',
      required.requestList,
      [changed(REQUEST, { media_url: 'kuoppa.jpg' })],
      '/0/media_url format',
    ],
    ['one request is fetched as a bare object', required.requestList, REQUEST, '(root) type'],
    ['a POST answer is an empty list', required.postAnswer, [], '(root) minItems'],
    [
      'a POST answer has service_notice null',
      required.postAnswer,
      [changed(POST_ANSWER, { service_notice: null })],
      '/0/service_notice type',
    ],
    ['a token is a number', required.tokenAnswer, [changed(TOKEN_ANSWER, { token: 12345 })], '/0/token type'],
  ] as [string, SchemaObject, unknown, string][])(
    'when %s, then the schema refuses it',
    (_label, schema, data, expected) => {
      expect(keywordsAt(schema, 'json', data)).toEqual([expected]);
    },
  );
});

describe('requirement schemas on XML, where every leaf is text', () => {
  const list = readFileSync(resolve(__dirname, 'requirements/xml/request-list.xml'), 'utf8');
  const asSpark = (xml: string): unknown => xmlToSpark(xml).value;

  it('when the request list fixture is read as XML, then "true", numbers and empty elements pass', () => {
    expect(schemaProblems(required.requestList, 'xml', asSpark(list))).toEqual([]);
    const services =
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>101</service_code>' +
      '<service_name>Katujen kunto</service_name><description/><metadata>true</metadata><type>realtime</type>' +
      '<keywords/><group>Kadut</group></service></services>';
    expect(schemaProblems(required.serviceList, 'xml', asSpark(services))).toEqual([]);
  });

  it.each([
    ['<status>open</status>', '<status>odottaa</status>', '/1/status enum'],
    ['<lat>60.401950</lat>', '<lat>pohjoinen</lat>', '/1/lat type'],
    [
      '<requested_datetime>2024-03-14T16:02:47Z',
      '<requested_datetime>14.3.2024 klo 16.02',
      '/1/requested_datetime format',
    ],
    ['<service_code>102</service_code>', '', '/1 required'],
  ])('when %s becomes %s, then the schema refuses the list', (from, to, expected) => {
    expect(list).toContain(from);
    expect(keywordsAt(required.requestList, 'xml', asSpark(list.replace(from, to)))).toEqual([expected]);
  });
});
