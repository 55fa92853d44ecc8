import type { Context } from 'koa';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { parse as parseContentType } from 'content-type';
import { readText } from '../http/body';
import { badRequest } from '../domain/errors';
import { ajv, DOCUMENT_ID } from '../http/openapi-ajv';
import { jsonTextProblems } from '../http/text-rules';

const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
  let validate = validators.get(schemaName);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'body' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown field "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === 'unevaluatedProperties') {
    return `${where}: unknown field "${String(error.params.unevaluatedProperty)}"`;
  }
  if (error.keyword === 'enum') {
    return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

/**
 * Checks a value against a schema of the OpenAPI document (`#/components/schemas/<name>`): the
 * document is the contract for input as well as output. Every problem is named in one 400.
 */
export function validated<T>(schemaName: string, value: unknown): T {
  const validate = validatorFor(schemaName);
  if (validate(value)) return value as T;
  const messages = [...new Set((validate.errors ?? []).map(describe))];
  throw badRequest(...messages);
}

/** Reads an `application/json` admin body (at most `bytes`) and validates it against `schemaName`. */
export async function readJson<T>(ctx: Context, schemaName: string, bytes: number): Promise<T> {
  let type: string;
  try {
    type = parseContentType(ctx.get('content-type') || 'application/json').type;
  } catch {
    throw badRequest(`unreadable Content-Type "${ctx.get('content-type')}"`);
  }
  if (type !== 'application/json') throw badRequest(`unsupported Content-Type "${type}": send application/json`);
  const text = await readText(ctx, { bytes });
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
  // The text rule (docs/api.md, "Text that comes in"): every string and key, at any depth, before the schema.
  const problems = jsonTextProblems(parsed);
  if (problems.length > 0) throw badRequest(...problems);
  return validated<T>(schemaName, parsed);
}
