import type { Context } from 'koa';
import busboy from 'busboy';
import type { Upload } from '../media/upload';
import { addField, type Fields } from './fields';
import { ApiError, badRequest, payloadTooLarge } from '../domain/errors';

export type { Upload } from '../media/upload';

/** Byte and count limits, enforced while the body streams in (never buffered past them). */
export type BodyLimits = { bytes: number; fields: number; files: number; fileBytes: number };

/** A read body: its fields (literal names) and its photo uploads; body.ts reads every encoding. */
export type Body = { fields: Fields; uploads: Upload[] };

/** Photo fields: `media` (6Aika), `media[]` (Helsinki), `photo1..n` (FixMyStreet). */
const UPLOAD_FIELD = /^(media|media\[\]|photo\d+)$/;

/**
 * multipart/form-data with busboy: literal field names, photos collected up to the per-file
 * byte limit, every limit enforced while the stream arrives.
 */
export function readMultipart(ctx: Context, limits: BodyLimits): Promise<Body> {
  const total = limits.bytes + limits.files * limits.fileBytes;
  if (Number(ctx.get('content-length') || 0) > total)
    return Promise.reject(payloadTooLarge(`request body exceeds ${total} bytes`));
  return new Promise((resolve, reject) => {
    const fields: Fields = new Map();
    const uploads: Upload[] = [];
    let failure: ApiError | null = null;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: {
          fields: limits.fields,
          fieldSize: limits.bytes,
          files: limits.files,
          fileSize: limits.fileBytes,
          parts: limits.fields + limits.files + 20,
        },
      });
    } catch {
      reject(badRequest('multipart body without a boundary'));
      return;
    }
    let received = 0;
    const fail = (error: ApiError) => {
      if (failure) return;
      failure = error;
      ctx.req.unpipe(parser);
      ctx.req.resume();
      reject(failure);
    };
    ctx.req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > total) fail(payloadTooLarge(`request body exceeds ${total} bytes`));
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(payloadTooLarge(`field ${name} is too large`));
      else addField(fields, name, value);
    });
    parser.on('file', (name, stream) => {
      // A body that ends inside a file makes busboy destroy that file's stream with an error; unheard,
      // that error would be an uncaught exception that ends the process.
      stream.on('error', () => fail(badRequest('malformed multipart body')));
      if (!UPLOAD_FIELD.test(name)) return stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(badRequest(`photo in ${name} exceeds ${limits.fileBytes} bytes`)));
      stream.on('end', () => {
        if (!failure) uploads.push({ field: name, data: Buffer.concat(chunks) });
      });
    });
    parser.on('filesLimit', () => fail(badRequest(`at most ${limits.files} photos per request`)));
    parser.on('fieldsLimit', () => fail(payloadTooLarge(`too many fields: at most ${limits.fields}`)));
    parser.on('partsLimit', () => fail(payloadTooLarge('too many parts in the multipart body')));
    parser.on('error', () => fail(badRequest('malformed multipart body')));
    parser.on('close', () => (failure ? reject(failure) : resolve({ fields, uploads })));
    ctx.req.pipe(parser);
  });
}
