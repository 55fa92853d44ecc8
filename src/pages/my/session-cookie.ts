import type { Context } from 'koa';

export const SESSION_COOKIE = 'palaute_session';

/**
 * The session cookie of "My feedback": sent only to /my, never to scripts (HttpOnly), not on
 * cross-site requests other than top-level links (SameSite=Lax), and only over HTTPS when the
 * service is public on HTTPS. Written by hand: Koa refuses `Secure` behind a TLS proxy it does not trust.
 */
function cookie(value: string, maxAgeSeconds: number, publicBaseUrl: string): string {
  const secure = publicBaseUrl.startsWith('https:') ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/my; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

export function setSessionCookie(ctx: Context, sessionId: string, hours: number, publicBaseUrl: string): void {
  ctx.append('Set-Cookie', cookie(sessionId, hours * 3600, publicBaseUrl));
}

export function clearSessionCookie(ctx: Context, publicBaseUrl: string): void {
  ctx.append('Set-Cookie', cookie('', 0, publicBaseUrl));
}

export function sessionCookie(ctx: Context): string | undefined {
  return ctx.cookies.get(SESSION_COOKIE) || undefined;
}
