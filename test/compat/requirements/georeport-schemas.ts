/**
 * What the open311/schema-validation community schemas demand of GeoReport v2 answers, restated
 * by us as JSON Schemas built from small field rules. docs/clients.md lists each rule, the
 * client it comes from and the tests that check it. Fields not named here are left open, as the
 * community schemas leave them (our `extended_attributes`, for one).
 */
import type { SchemaObject } from 'ajv';

type FieldRules = Record<string, SchemaObject>;

// ---------------------------------------------------------------- field rules

const STRING: SchemaObject = { type: 'string' };
const BOOLEAN: SchemaObject = { type: 'boolean' };
const TIMESTAMP: SchemaObject = { type: 'string', format: 'date-time' };

/** An optional field may be missing or null; when it has a value, `rule` holds. */
const orNull = (rule: SchemaObject): SchemaObject => ({
  ...rule,
  type: [rule.type as string, 'null'],
});
const oneOfWords = (words: string[]): SchemaObject => ({ type: 'string', enum: words });

/** An object whose `mandatory` fields must be present; every listed field must follow its rule. */
function record(fields: FieldRules, mandatory: string[]): SchemaObject {
  return { type: 'object', required: mandatory, properties: fields };
}

const listOf = (item: SchemaObject, atLeast = 0): SchemaObject =>
  atLeast > 0 ? { type: 'array', minItems: atLeast, items: item } : { type: 'array', items: item };

// ---------------------------------------------------------------- GET services

export const SERVICE_TYPES = ['realtime', 'batch', 'blackbox'];

export const service = record(
  {
    service_code: STRING,
    service_name: STRING,
    description: orNull(STRING),
    metadata: BOOLEAN,
    type: oneOfWords(SERVICE_TYPES),
    keywords: orNull(STRING),
    group: orNull(STRING),
  },
  ['service_code', 'service_name', 'metadata', 'type'],
);

export const serviceList = listOf(service);

// ---------------------------------------------------------------- GET services/{code}

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];

const attributeChoice = record({ key: STRING, name: STRING }, ['key', 'name']);

const attribute = record(
  {
    variable: BOOLEAN,
    code: STRING,
    datatype: oneOfWords(ATTRIBUTE_DATATYPES),
    required: BOOLEAN,
    datatype_description: orNull(STRING),
    order: orNull({ type: 'integer' }),
    description: orNull(STRING),
    values: listOf(attributeChoice),
  },
  ['variable', 'code', 'datatype', 'required'],
);

export const serviceDefinition = record({ service_code: STRING, attributes: listOf(attribute) }, [
  'service_code',
  'attributes',
]);

// ---------------------------------------------------------------- GET requests, requests/{id}

/** The community schema caps a description at 4000 characters (our default limit is higher). */
export const DESCRIPTION_LIMIT = 4000;

export const request = record(
  {
    service_request_id: STRING,
    status: oneOfWords(['open', 'closed']),
    status_notes: orNull(STRING),
    service_name: orNull(STRING),
    service_code: STRING,
    description: orNull({ type: 'string', maxLength: DESCRIPTION_LIMIT }),
    agency_responsible: orNull(STRING),
    service_notice: orNull(STRING),
    requested_datetime: TIMESTAMP,
    updated_datetime: orNull(TIMESTAMP),
    expected_datetime: orNull(TIMESTAMP),
    address: orNull(STRING),
    address_id: orNull(STRING),
    zipcode: orNull(STRING),
    lat: orNull({ type: 'number' }),
    long: orNull({ type: 'number' }),
    media_url: orNull({ type: 'string', format: 'uri' }),
  },
  ['service_request_id', 'status', 'service_code', 'requested_datetime'],
);

export const requestList = listOf(request);

// ---------------------------------------------------------------- POST requests, GET tokens/{token}

/**
 * The answer to a POST: each item may carry these fields, none of them null. The community's
 * API description marks none mandatory; which one a realtime or batch answer holds is tested
 * next to the schema.
 */
export const postAnswer = listOf(
  record({ service_request_id: STRING, token: STRING, service_notice: STRING, account_id: STRING }, []),
  1,
);

export const tokenAnswer = listOf(record({ service_request_id: STRING, token: STRING }, []), 1);
