/**
 * The OpenAPI document is the contract (docs/architecture.md §6): these helpers validate
 * response bodies against `openapi/openapi.yaml`. JSON bodies are checked as they are;
 * XML bodies are parsed back, mapped to the "Spark" JSON shape (docs/open311-dialect.md §4.1) with
 * the serializer's own plural→singular map, and checked against the same schema after
 * the string leaves are coerced to the schema types.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Parser } from 'xml2js';
import { loadOpenApiDocument } from '../../src/http/openapi-document';
import { SINGULAR } from '../../src/http/xml';

export type JsonObject = { [key: string]: unknown };
export type ContentKind = 'json' | 'xml';

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
export const MEDIA_TYPES: Readonly<Record<ContentKind, string>> = Object.freeze({
  json: 'application/json',
  xml: 'text/xml',
});
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Ajv key of the whole document, so `doc#/components/...` and in-document `#/...` refs resolve. */
const DOCUMENT_ID = 'openapi.yaml';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The merged document: openapi.yaml plus the admin parts (src/http/openapi-document.ts). */
function loadDocument(): JsonObject {
  return loadOpenApiDocument() as JsonObject;
}

/** The parsed OpenAPI document, loaded once per test file. Treat as read-only. */
export const openApiDocument: Readonly<JsonObject> = loadDocument();

// ---------------------------------------------------------------- JSON pointers and $ref

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Builds a `#/a/b` pointer from raw segments. */
export function pointerOf(...segments: string[]): string {
  return `#${segments.map((segment) => `/${escapeSegment(segment)}`).join('')}`;
}

/** Follows a local pointer (`#/components/schemas/Service`); undefined when it leads nowhere. */
export function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith('#')) throw new Error(`only local references are supported, got "${pointer}"`);
  const path = pointer.slice(1);
  if (path === '') return openApiDocument;
  if (!path.startsWith('/')) throw new Error(`malformed JSON pointer "${pointer}"`);
  let node: unknown = openApiDocument;
  for (const raw of path.slice(1).split('/')) {
    const segment = unescapeSegment(raw);
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Follows `$ref` chains (OpenAPI reference objects or schemas) to the target and its pointer. */
export function followRefs(pointer: string, node: unknown): { pointer: string; node: unknown } {
  let current = { pointer, node };
  for (let hops = 0; isObject(current.node) && typeof current.node.$ref === 'string'; hops += 1) {
    if (hops > 20) throw new Error(`$ref cycle at ${pointer}`);
    const target = current.node.$ref;
    const resolved = resolvePointer(target);
    if (resolved === undefined) throw new Error(`unresolvable $ref "${target}" at ${current.pointer}`);
    current = { pointer: target, node: resolved };
  }
  return current;
}

// ---------------------------------------------------------------- operations and responses

export type OperationInfo = Readonly<{
  operationId: string;
  path: string;
  method: string;
  pointer: string;
  operation: JsonObject;
}>;

/** Every operation of the document, in document order. Operations lacking an operationId get "". */
export function listOperations(): OperationInfo[] {
  const paths = openApiDocument.paths;
  if (!isObject(paths)) throw new Error('the document has no paths object');
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const operationId = typeof operation.operationId === 'string' ? operation.operationId : '';
      operations.push({ operationId, path, method, pointer: pointerOf('paths', path, method), operation });
    }
  }
  return operations;
}

export function findOperation(operationId: string): OperationInfo {
  const found = listOperations().filter((operation) => operation.operationId === operationId);
  if (found.length !== 1) {
    throw new Error(`expected exactly one operation "${operationId}" in openapi.yaml, found ${found.length}`);
  }
  return found[0];
}

/** The response object for a status: exact code, then `4XX`-style range, then `default`. */
export function findResponse(
  operationId: string,
  status: number,
): { key: string; pointer: string; response: JsonObject } {
  const operation = findOperation(operationId);
  const responses = operation.operation.responses;
  if (!isObject(responses)) throw new Error(`${operationId} has no responses`);
  const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find((candidate) => candidate in responses);
  if (key === undefined) {
    throw new Error(`${operationId} documents no response for ${status} (has ${Object.keys(responses).join(', ')})`);
  }
  const { pointer, node } = followRefs(`${operation.pointer}/responses/${escapeSegment(key)}`, responses[key]);
  if (!isObject(node)) throw new Error(`${operationId} response ${key} is not an object`);
  return { key, pointer, response: node };
}

/** Pointer to the schema of one response media type, e.g. for `text/xml`. */
export function responseSchemaPointer(operationId: string, status: number, mediaType: string): string {
  const { key, pointer, response } = findResponse(operationId, status);
  const content = response.content;
  if (!isObject(content) || !isObject(content[mediaType]) || !('schema' in content[mediaType])) {
    const offered = isObject(content) ? Object.keys(content).join(', ') : 'no content';
    throw new Error(`${operationId} response ${key} has no ${mediaType} schema (offers ${offered})`);
  }
  return `${pointer}/content/${escapeSegment(mediaType)}/schema`;
}

// ---------------------------------------------------------------- ajv

function createAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes });
  addFormats(ajv);
  ajv.addSchema(openApiDocument, DOCUMENT_ID);
  return ajv;
}

/** Validates JSON bodies exactly as sent. */
const jsonAjv = createAjv(false);
/** Validates XML-derived values, whose leaves are strings that must coerce to the schema types. */
const xmlAjv = createAjv(true);
const validators = new Map<string, ValidateFunction>();

function validatorFor(ajv: Ajv2020, schemaPointer: string): ValidateFunction {
  const cacheKey = `${ajv === xmlAjv ? 'xml' : 'json'} ${schemaPointer}`;
  let validate = validators.get(cacheKey);
  if (validate === undefined) {
    const fragment = schemaPointer
      .slice(1)
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${fragment}` });
    validators.set(cacheKey, validate);
  }
  return validate;
}

/** Compiles (and caches) the validator of one response media type; throws when ajv cannot. */
export function compileResponseSchema(operationId: string, status: number, mediaType: string): ValidateFunction {
  return validatorFor(jsonAjv, responseSchemaPointer(operationId, status, mediaType));
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map(
      (error) =>
        `  - ${error.instancePath || '(root)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
    )
    .join('\n');
}

function excerpt(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text === undefined ? String(body) : text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

function check(
  validate: ValidateFunction,
  data: unknown,
  label: string,
  schemaPointer: string,
  original: unknown,
): void {
  if (validate(data)) return;
  throw new Error(
    `${label} does not match ${schemaPointer}:\n${describeErrors(validate.errors)}\nbody: ${excerpt(original)}`,
  );
}

/**
 * Throws unless `body` matches the documented response of `operationId` for `status`.
 * For `xml`, `body` is the raw XML text (checked with expectValidXmlResponse) or an
 * already converted Spark value. Returns the validated value (coerced, for XML).
 */
export function expectValidResponse(
  operationId: string,
  status: number,
  contentType: ContentKind,
  body: unknown,
): unknown {
  if (contentType === 'xml') {
    if (typeof body === 'string') return expectValidXmlResponse(operationId, status, body);
    return validateSpark(operationId, status, body, body);
  }
  const schemaPointer = responseSchemaPointer(operationId, status, MEDIA_TYPES.json);
  check(
    validatorFor(jsonAjv, schemaPointer),
    body,
    `${operationId} ${status} ${MEDIA_TYPES.json}`,
    schemaPointer,
    body,
  );
  return body;
}

// ---------------------------------------------------------------- XML → Spark

function convertElement(name: string, node: unknown, where: string): unknown {
  const item = SINGULAR[name];
  if (node === null) return item === undefined ? null : [];
  if (typeof node === 'string') {
    if (item !== undefined)
      throw new Error(`${where}: list element <${name}> contains text instead of <${item}> elements`);
    return node;
  }
  if (!isObject(node)) throw new Error(`${where}: unexpected xml2js node ${JSON.stringify(node)}`);
  if ('$' in node)
    throw new Error(`${where}: <${name}> has attributes ${JSON.stringify(node.$)}; GeoReport XML has none`);
  if ('_' in node) throw new Error(`${where}: <${name}> mixes text ${JSON.stringify(node._)} with child elements`);
  if (item !== undefined) {
    const strangers = Object.keys(node).filter((key) => key !== item);
    if (strangers.length > 0) {
      throw new Error(`${where}: list element <${name}> may only contain <${item}>, found <${strangers.join('>, <')}>`);
    }
    const children = node[item];
    if (!Array.isArray(children)) throw new Error(`${where}: xml2js gave no array for <${item}>`);
    return children.map((child: unknown, index) => convertElement(item, child, `${where}/${item}[${index}]`));
  }
  const object: JsonObject = {};
  for (const [key, children] of Object.entries(node)) {
    if (!Array.isArray(children)) throw new Error(`${where}: xml2js gave no array for <${key}>`);
    if (children.length !== 1) {
      throw new Error(`${where}: <${key}> occurs ${children.length} times in <${name}>, which is not a list element`);
    }
    object[key] = convertElement(key, children[0], `${where}/${key}`);
  }
  return object;
}

/**
 * Parses GeoReport XML and maps it to the Spark JSON shape: elements named in SINGULAR
 * become arrays of their converted children (empty → []), leaves become strings (empty →
 * null), other elements become objects. Throws on a missing or different XML declaration,
 * attributes, mixed content, repeated non-list elements and malformed XML.
 */
export function xmlToSpark(xml: string): { root: string; value: unknown } {
  if (!xml.startsWith(XML_DECLARATION)) {
    throw new Error(`XML must start with ${XML_DECLARATION}, got ${JSON.stringify(xml.slice(0, 60))}`);
  }
  let outcome: { error: Error } | { result: unknown } | undefined;
  const parser = new Parser({ explicitArray: true, explicitRoot: true, emptyTag: () => null });
  // Without the `async` option xml2js calls back synchronously.
  parser.parseString(xml, (error: Error | null, result: unknown) => {
    outcome = error ? { error } : { result };
  });
  if (outcome === undefined) throw new Error('xml2js did not parse synchronously');
  if ('error' in outcome) throw new Error(`malformed XML: ${outcome.error.message}`);
  const document = outcome.result;
  if (!isObject(document) || Object.keys(document).length !== 1) throw new Error('XML has no single root element');
  const [root] = Object.keys(document);
  return { root, value: convertElement(root, document[root], `/${root}`) };
}

// ---------------------------------------------------------------- XML: types from the schema

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

/** The schema with everything it can borrow from: $ref targets, combinators, then/else. */
function expandSchema(schema: unknown, into: JsonObject[], depth = 0): JsonObject[] {
  if (!isObject(schema)) return into;
  if (depth > 30) throw new Error('schema nesting too deep (cyclic $ref?)');
  into.push(schema);
  if (typeof schema.$ref === 'string') {
    const target = resolvePointer(schema.$ref);
    if (target === undefined) throw new Error(`unresolvable $ref "${schema.$ref}"`);
    expandSchema(target, into, depth + 1);
  }
  for (const combinator of COMBINATORS) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) for (const branch of branches) expandSchema(branch, into, depth + 1);
  }
  expandSchema(schema.then, into, depth + 1);
  expandSchema(schema.else, into, depth + 1);
  return into;
}

function expandAll(schemas: unknown[]): JsonObject[] {
  const expanded: JsonObject[] = [];
  for (const schema of schemas) expandSchema(schema, expanded);
  return expanded;
}

function propertySchemas(schemas: JsonObject[], key: string): unknown[] {
  const found: unknown[] = [];
  for (const schema of schemas) {
    let matched = false;
    if (isObject(schema.properties) && Object.prototype.hasOwnProperty.call(schema.properties, key)) {
      found.push(schema.properties[key]);
      matched = true;
    }
    if (isObject(schema.patternProperties)) {
      for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
        if (new RegExp(pattern, 'u').test(key)) {
          found.push(sub);
          matched = true;
        }
      }
    }
    if (!matched && isObject(schema.additionalProperties)) found.push(schema.additionalProperties);
  }
  return found;
}

function itemSchemas(schemas: JsonObject[], index: number): unknown[] {
  const found: unknown[] = [];
  for (const schema of schemas) {
    const prefix = schema.prefixItems;
    if (Array.isArray(prefix) && index < prefix.length) found.push(prefix[index]);
    else if (isObject(schema.items)) found.push(schema.items);
  }
  return found;
}

function declaredTypes(schemas: JsonObject[]): Set<string> {
  const types = new Set<string>();
  for (const schema of schemas) {
    if (typeof schema.type === 'string') types.add(schema.type);
    if (Array.isArray(schema.type)) for (const type of schema.type) if (typeof type === 'string') types.add(type);
  }
  return types;
}

/**
 * An empty XML element means null in Spark, but ajv's coercion would turn null into 0 or
 * false for number and boolean types. So empty leaves stay null only where the schema
 * allows null; elsewhere they become "" — valid for strings, never coercible to numbers,
 * booleans, objects or arrays.
 */
function placeEmptyLeaves(value: unknown, schemas: unknown[]): unknown {
  const expanded = expandAll(schemas);
  if (value === null) {
    const types = declaredTypes(expanded);
    return types.size === 0 || types.has('null') ? null : '';
  }
  if (Array.isArray(value)) return value.map((item, index) => placeEmptyLeaves(item, itemSchemas(expanded, index)));
  if (isObject(value)) {
    const object: JsonObject = {};
    for (const [key, child] of Object.entries(value))
      object[key] = placeEmptyLeaves(child, propertySchemas(expanded, key));
    return object;
  }
  return value;
}

function xmlRootName(schemaPointer: string): string {
  const { node } = followRefs(schemaPointer, resolvePointer(schemaPointer));
  const xml = isObject(node) ? node.xml : undefined;
  if (!isObject(xml) || typeof xml.name !== 'string')
    throw new Error(`${schemaPointer} has no xml.name for the root element`);
  return xml.name;
}

/** The root element an XML response of this operation and status must have. */
export function expectedXmlRoot(operationId: string, status: number): string {
  return xmlRootName(responseSchemaPointer(operationId, status, MEDIA_TYPES.xml));
}

function validateSpark(operationId: string, status: number, value: unknown, original: unknown): unknown {
  const schemaPointer = responseSchemaPointer(operationId, status, MEDIA_TYPES.xml);
  const data = placeEmptyLeaves(value, [resolvePointer(schemaPointer)]);
  check(
    validatorFor(xmlAjv, schemaPointer),
    data,
    `${operationId} ${status} ${MEDIA_TYPES.xml}`,
    schemaPointer,
    original,
  );
  return data;
}

/**
 * Throws unless `xml` is a well-formed GeoReport XML document whose root element and
 * content match the documented response. Returns the Spark value with its leaves coerced
 * to the schema types, for comparison with the JSON rendering.
 */
export function expectValidXmlResponse(operationId: string, status: number, xml: string): unknown {
  const expectedRoot = expectedXmlRoot(operationId, status);
  const { root, value } = xmlToSpark(xml);
  if (root !== expectedRoot) {
    throw new Error(
      `${operationId} ${status} XML root must be <${expectedRoot}>, got <${root}>\nbody: ${excerpt(xml)}`,
    );
  }
  return validateSpark(operationId, status, value, xml);
}
