import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { ParamValue, Params } from '../domain/params';
import { badRequest } from '../domain/errors';
import { values, type Fields } from './fields';
import { ajv, DOCUMENT_ID } from './openapi-ajv';
import {
  bodyParameters,
  forAjv,
  operationParameters,
  type OperationParameters,
  type QueryParameter,
} from './openapi-parameters';
import { problemText } from './param-wording';

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

type Compiled = { operation: OperationParameters; validate: ValidateFunction; byName: Map<string, QueryParameter> };

let operations: Map<string, OperationParameters> | undefined;
const compiled = new Map<string, Compiled>();

function compile(operation: OperationParameters): Compiled {
  const schema = {
    type: 'object',
    properties: Object.fromEntries(operation.parameters.map((p) => [p.name, forAjv(p.schema, DOCUMENT_ID)])),
    required: operation.parameters.filter((p) => p.required).map((p) => p.name),
    additionalProperties: !operation.refuseUnknown,
  };
  return { operation, validate: ajv.compile(schema), byName: new Map(operation.parameters.map((p) => [p.name, p])) };
}

function compiledFor(operationId: string): Compiled {
  let entry = compiled.get(operationId);
  if (entry !== undefined) return entry;
  operations ??= operationParameters();
  const operation = operations.get(operationId);
  if (operation === undefined) throw new Error(`no operation ${operationId} in the OpenAPI document`);
  entry = compile(operation);
  compiled.set(operationId, entry);
  return entry;
}

/**
 * A query string or form field is all strings: numbers and booleans as the schema declares
 * them (a type list such as `[number, string]` included); anything else is left for ajv to refuse.
 */
function coerceScalar(value: string, declared: unknown): string | number | boolean {
  const types = Array.isArray(declared) ? declared : [declared];
  if (types.includes('integer') && INTEGER.test(value)) return Number(value);
  if (types.includes('number') && NUMBER.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * One parameter's value. Empty values count as absent (docs/open311-dialect.md §6.2) and a
 * repeated scalar takes its first value, as GeoReport clients expect. Comma-separated lists
 * (`style: form, explode: false`) drop empty items; exploded lists take every value.
 */
function coerce(parameter: QueryParameter, fields: Fields): ParamValue | undefined {
  const given = values(fields, parameter.name);
  if (given.length === 0) return undefined;
  if (parameter.items === null) return coerceScalar(given[0], parameter.shape.type);
  const items = parameter.commaList
    ? given[0]
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : given;
  return items.map((item) => coerceScalar(item, parameter.items?.type)) as ParamValue;
}

/** The parameter an ajv error is about, and the offending value (a list's item, when it is one). */
function subject(error: ErrorObject, input: Record<string, unknown>): { name: string; value: unknown } {
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params.additionalProperty);
    return { name, value: input[name] };
  }
  if (error.keyword === 'required') return { name: String(error.params.missingProperty), value: undefined };
  const [name, index] = error.instancePath.slice(1).split('/');
  const value = input[name];
  return { name, value: index !== undefined && Array.isArray(value) ? value[Number(index)] : value };
}

/**
 * Checks the query parameters of `operationId` against the OpenAPI document, the one place
 * where names, types, lists, enums, ranges, lengths, patterns and paging are enforced for
 * every route. Every refused parameter is named in one 400, in today's wording; rules that
 * span several parameters stay with the domain.
 */
export function queryParams(operationId: string, fields: Fields): Params {
  const { params, problems } = check(compiledFor(operationId), fields);
  if (problems.length > 0) throw badRequest(...problems);
  return params;
}

/**
 * The declared fields of a form (or JSON) body against an object schema of the document, for a
 * domain parser that adds its own cross-field problems before answering with one 400: the
 * problems are returned, not thrown, next to the coerced values (refused ones included as sent).
 */
export function bodyParams(schemaName: string, fields: Fields): { params: Params; problems: string[] } {
  let entry = compiled.get(`body:${schemaName}`);
  if (entry === undefined) {
    entry = compile(bodyParameters(schemaName));
    compiled.set(`body:${schemaName}`, entry);
  }
  return check(entry, fields);
}

function check({ operation, validate, byName }: Compiled, fields: Fields): { params: Params; problems: string[] } {
  const input: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    const value = coerce(parameter, fields);
    if (value !== undefined) input[parameter.name] = value;
  }
  // Undeclared names are offered only where the operation refuses them: elsewhere they are ignored.
  if (operation.refuseUnknown) {
    for (const name of fields.keys()) if (!byName.has(name)) input[name] = values(fields, name)[0] ?? '';
  }
  const problems = new Map<string, string>();
  if (!validate(input)) {
    for (const error of validate.errors ?? []) {
      const { name, value } = subject(error, input);
      if (!problems.has(name)) problems.set(name, problemText(name, value, error, byName.get(name)));
    }
  }
  return { params: withAliasesAndDefaults(operation, input), problems: [...problems.values()] };
}

/** `x-alias-of` folds into the main name (which wins); document defaults fill what is still absent. */
function withAliasesAndDefaults(operation: OperationParameters, input: Record<string, unknown>): Params {
  const params: Record<string, unknown> = { ...input };
  for (const parameter of operation.parameters) {
    if (parameter.aliasOf === null) continue;
    if (params[parameter.aliasOf] === undefined) params[parameter.aliasOf] = params[parameter.name];
    delete params[parameter.name];
  }
  for (const parameter of operation.parameters) {
    if (parameter.aliasOf === null && params[parameter.name] === undefined && parameter.shape.default !== undefined) {
      params[parameter.name] = parameter.shape.default;
    }
  }
  return params as Params;
}
