import type { Context } from 'koa';
import { forbidden } from '../../domain/errors';

const refused = () => forbidden('this form can only be sent from our own page');

/**
 * Refuses a form POST sent from another site (CSRF). Browsers mark every request with
 * `Sec-Fetch-Site`, which no page can forge: only `same-origin` passes. Our pages send no
 * Referer (`Referrer-Policy: no-referrer`), so their own POSTs carry `Origin: null`; an `Origin`
 * that names a site must be ours (PUBLIC_BASE_URL's, or the origin the request was addressed to,
 * which another site cannot choose). `Origin: null` without `Sec-Fetch-Site` (an old browser,
 * or a sandboxed frame) is refused; a request with neither header is a program, not a browser
 * acting for someone. The session cookie is SameSite=Lax as well.
 */
export function requireSameOrigin(ctx: Context, publicBaseUrl: string): void {
  const origin = ctx.get('origin');
  const site = ctx.get('sec-fetch-site');
  // Koa's ctx.origin is the Origin header itself: the request's own origin is protocol and Host.
  const ours = [new URL(publicBaseUrl).origin, `${ctx.protocol}://${ctx.host}`];
  if (origin !== '' && origin !== 'null' && !ours.includes(origin)) throw refused();
  if (site !== '' && site !== 'same-origin') throw refused();
  if (origin === 'null' && site === '') throw refused();
}
