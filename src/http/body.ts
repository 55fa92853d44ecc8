import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { parse as parseContentType } from 'content-type';
import busboy from 'busboy';
import { addField, fieldsFromSearchParams, type Fields } from './fields';
import { ApiError, badRequest, payloadTooLarge } from './errors';

export type BodyLimits = { bytes: number; fields: number };

/**
 * Reads a POST body into literal field names, without `qs` coercion (open311.md §3.2):
 * urlencoded, multipart (fields; files are drained) and JSON. Size is checked while streaming.
 */
export async function readBody(ctx: Context, limits: BodyLimits): Promise<Fields> {
  const header = ctx.get('content-type');
  if (header === '') {
    if (Number(ctx.get('content-length') || 0) > 0) throw badRequest('Content-Type header is required');
    return new Map();
  }
  let type: string;
  try {
    type = parseContentType(header).type;
  } catch {
    throw badRequest(`unreadable Content-Type "${header}"`);
  }
  if (type === 'multipart/form-data') return readMultipart(ctx, limits);
  const text = await readText(ctx, limits);
  if (type === 'application/x-www-form-urlencoded')
    return checkCount(fieldsFromSearchParams(new URLSearchParams(text)), limits);
  if (type === 'application/json') return checkCount(fieldsFromJson(text), limits);
  throw badRequest(
    `unsupported Content-Type "${type}": use application/x-www-form-urlencoded, multipart/form-data or application/json`,
  );
}

async function readText(ctx: Context, limits: BodyLimits): Promise<string> {
  try {
    return await getRawBody(ctx.req, {
      limit: limits.bytes,
      encoding: 'utf8',
      length: ctx.get('content-length') || undefined,
    });
  } catch (error) {
    const e = error as { type?: string };
    if (e.type === 'entity.too.large') throw payloadTooLarge(`request body exceeds ${limits.bytes} bytes`);
    throw badRequest('request body could not be read');
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

function readMultipart(ctx: Context, limits: BodyLimits): Promise<Fields> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limits.bytes) return Promise.reject(payloadTooLarge(`request body exceeds ${limits.bytes} bytes`));
  return new Promise((resolve, reject) => {
    const fields: Fields = new Map();
    let failure: ApiError | null = null;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: { fields: limits.fields, fieldSize: limits.bytes, files: 0, parts: limits.fields + 20 },
      });
    } catch {
      reject(badRequest('multipart body without a boundary'));
      return;
    }
    let received = 0;
    const fail = (error: ApiError) => {
      failure = failure ?? error;
      ctx.req.unpipe(parser);
      ctx.req.resume();
      reject(failure);
    };
    ctx.req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.bytes && !failure) fail(payloadTooLarge(`request body exceeds ${limits.bytes} bytes`));
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(payloadTooLarge(`field ${name} is too large`));
      else addField(fields, name, value);
    });
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('fieldsLimit', () => fail(payloadTooLarge(`too many fields: at most ${limits.fields}`)));
    parser.on('partsLimit', () => fail(payloadTooLarge('too many parts in the multipart body')));
    parser.on('error', () => fail(badRequest('malformed multipart body')));
    parser.on('close', () => (failure ? reject(failure) : resolve(fields)));
    ctx.req.pipe(parser);
  });
}
