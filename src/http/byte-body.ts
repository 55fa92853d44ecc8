import { Stream } from 'node:stream';
import type { Context, Next } from 'koa';

/** Above this many UTF-16 code units a text body is sent as bytes (docs/benchmarks.md, "The 64 KiB cliff"). */
export const BYTE_BODY_FROM = 16384;

/**
 * Large text and JSON bodies leave as UTF-8 bytes. Node writes a JavaScript string of more than
 * 65 536 code units several times slower than the same bytes when the string is two-byte, which
 * it is as soon as one character in it lies beyond Latin-1 (a dash, a quote, an emoji in any
 * request's text). Encoding it here once keeps a list of 110 items as cheap per item as one of
 * 90. Small bodies stay strings: they never reach the cliff.
 */
export async function byteBody(ctx: Context, next: Next): Promise<void> {
  await next();
  const body: unknown = ctx.body;
  if (typeof body === 'string') {
    if (body.length > BYTE_BODY_FROM) ctx.body = Buffer.from(body, 'utf8');
  } else if (isPlainJson(body)) {
    // What Koa would send, encoded once here instead of there.
    const text = JSON.stringify(body);
    ctx.body = text.length > BYTE_BODY_FROM ? Buffer.from(text, 'utf8') : text;
  }
}

/** An object Koa itself would JSON-encode (not bytes, not a stream, not empty). */
function isPlainJson(body: unknown): body is object {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !(body instanceof Stream);
}
