import type { Context } from 'koa';
import type { Html } from './html';

export type PageOptions = {
  /** Origins besides our own that images may come from: the map tiles' host. */
  imageOrigins?: readonly string[];
  /** The URL carries a secret (tracking or sign-in token): never cached, never sent on as Referer. */
  private?: boolean;
  status?: number;
};

/**
 * A strict policy for our own pages (docs/pages.md §2): scripts, styles and requests only from
 * this origin, no inline script or eval, images also from the tile host; nobody may frame them.
 */
export function contentSecurityPolicy(imageOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${imageOrigins.join(' ')}`.trim(),
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sends a whole HTML document with the headers every page carries. */
export function sendPage(ctx: Context, document: Html, options: PageOptions = {}): void {
  ctx.status = options.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', contentSecurityPolicy(options.imageOrigins));
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', options.private ? 'no-referrer' : 'strict-origin-when-cross-origin');
  ctx.set('Cache-Control', options.private ? 'private, no-store' : 'public, max-age=60');
  // Without `?lang=` the language comes from Accept-Language (docs/pages.md §2).
  ctx.vary('Accept-Language');
  ctx.body = document.text;
}
