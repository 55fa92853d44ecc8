import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { parse as parseContentType } from 'content-type';
import { addField, fieldsFromForm, type Fields } from './fields';
import { badRequest, payloadTooLarge } from '../domain/errors';
import { readMultipart, type Body, type BodyLimits } from './multipart';
import { checkFields } from './text-rules';

export type { Body, BodyLimits } from './multipart';

/**
 * Reads a POST body into literal field names, without `qs` coercion (docs/open311-dialect.md §6.1, §11.1):
 * urlencoded, multipart (fields and photo uploads) and JSON. Size is checked while streaming.
 */
export async function readBody(ctx: Context, limits: BodyLimits): Promise<Body> {
  const header = ctx.get('content-type');
  if (header === '') {
    if (Number(ctx.get('content-length') || 0) > 0) throw badRequest('Content-Type header is required');
    return { fields: new Map(), uploads: [] };
  }
  let type: string;
  try {
    type = parseContentType(header).type;
  } catch {
    throw badRequest(`unreadable Content-Type "${header}"`);
  }
  const body = await readByType(ctx, type, limits);
  // The text rule (docs/api.md, "Text that comes in") for every field name and value, whatever the encoding.
  checkFields(body.fields);
  return body;
}

async function readByType(ctx: Context, type: string, limits: BodyLimits): Promise<Body> {
  if (type === 'multipart/form-data') return readMultipart(ctx, limits);
  const text = await readText(ctx, limits);
  if (type === 'application/x-www-form-urlencoded')
    return { fields: checkCount(fieldsFromForm(text), limits), uploads: [] };
  if (type === 'application/json') return { fields: checkCount(fieldsFromJson(text), limits), uploads: [] };
  throw badRequest(
    `unsupported Content-Type "${type}": use application/x-www-form-urlencoded, multipart/form-data or application/json`,
  );
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 text: bytes that are not UTF-8 are a 400, not a silent U+FFFD. */
export async function readText(ctx: Context, limits: Pick<BodyLimits, 'bytes'>): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await getRawBody(ctx.req, { limit: limits.bytes, length: ctx.get('content-length') || undefined });
  } catch (error) {
    const e = error as { type?: string };
    if (e.type === 'entity.too.large') throw payloadTooLarge(`request body exceeds ${limits.bytes} bytes`);
    throw badRequest('request body could not be read');
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw badRequest('request body is not valid UTF-8');
  }
}

function checkCount(fields: Fields, limits: BodyLimits): Fields {
  let count = 0;
  for (const list of fields.values()) count += list.length;
  if (count > limits.fields) throw payloadTooLarge(`too many fields: at most ${limits.fields}`);
  return fields;
}

function scalar(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  throw badRequest(`${name} must be a string, number or boolean`);
}

/** JSON bodies use the same names; `{"attribute": {"CODE": v}}` is accepted as `attribute[CODE]`. */
export function fieldsFromJson(text: string): Fields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest('JSON request body must be an object');
  }
  const fields: Fields = new Map();
  for (const [name, value] of Object.entries(parsed)) {
    if (name === 'attribute' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [code, answer] of Object.entries(value)) {
        if (Array.isArray(answer))
          answer.forEach((v) => addField(fields, `attribute[${code}][]`, scalar(`attribute[${code}]`, v)));
        else addField(fields, `attribute[${code}]`, scalar(`attribute[${code}]`, answer));
      }
    } else if (Array.isArray(value)) {
      value.forEach((v) => addField(fields, name, scalar(name, v)));
    } else {
      addField(fields, name, scalar(name, value));
    }
  }
  return fields;
}
