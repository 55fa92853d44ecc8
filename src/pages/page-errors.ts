import type { Context, Middleware, Next } from 'koa';
import type { Locale } from '../domain/catalogue';
import { ApiError } from '../domain/errors';
import { sendErrorPage } from './error-page';
import { pageLocale } from './page-locale';

/** The paths that belong to people's pages: their errors are pages too, not GeoReport lists. */
export function isPagePath(path: string): boolean {
  return (
    path === '/' ||
    path.startsWith('/requests/') ||
    path.startsWith('/pages/') ||
    path === '/my' ||
    path.startsWith('/my/')
  );
}

type HttpishError = { status?: unknown; expose?: unknown; message?: unknown; headers?: unknown };

/** A 4xx with a message that is safe to show (ours, or Koa's own such as a router's 405). */
function clientError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error.status < 500 || error.status === 503 ? error : null;
  const e = error as HttpishError;
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    return new ApiError(e.status, [String(e.message)]);
  }
  return null;
}

/**
 * Mounted right after the GeoReport error middleware (docs/pages.md §2): on a page's path, every
 * failure below (the rate limit, the URL text rule, a route's own 400/404, an unknown path, a
 * crash) is answered with the HTML error page in the reader's language, never JSON and never a
 * stack trace; 5xx details go to the log only. Other paths pass through untouched.
 */
export function pageErrors(defaultLocale: Locale): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!isPagePath(ctx.path)) return next();
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) sendErrorPage(ctx, { ...about(ctx, defaultLocale), status: 404 });
    } catch (error) {
      const known = clientError(error);
      if (known === null) ctx.state.log?.error({ err: error }, 'request failed');
      const status = known?.status ?? 500;
      const details = known?.errors.map((e) => e.description);
      sendErrorPage(ctx, { ...about(ctx, defaultLocale), status, details }, known?.headers ?? {});
    }
  };
}

/**
 * The reader's language and the city's name: a route that knows them sets ctx.state.pageLocale
 * and ctx.state.pageCity (src/pages/request-page.ts); else `lang`, Accept-Language, the default.
 */
function about(ctx: Context, fallback: Locale): { lang: Locale; city: string | null } {
  const city = (ctx.state.pageCity as string | undefined) ?? null;
  return { lang: (ctx.state.pageLocale as Locale | undefined) ?? pageLocale(ctx, fallback), city };
}
