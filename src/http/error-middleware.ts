import type { Context, Next } from 'koa';
import { ApiError, type GeoReportError } from '../domain/errors';
import { render } from './render';

type HttpishError = { status?: unknown; expose?: unknown; message?: unknown };

function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  const e = error as HttpishError;
  // Errors from Koa's own helpers (e.g. ctx.throw) carry a 4xx status and a safe message.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    return new ApiError(e.status, [String(e.message)]);
  }
  return null;
}

/** Open311 errors are a bare GeoReport list; the JSON-only admin API wraps it as `{ "errors": [...] }`. */
function renderError(ctx: Context, errors: GeoReportError[], status: number): void {
  if (ctx.path.startsWith('/admin/')) {
    ctx.status = status;
    ctx.body = { errors };
    return;
  }
  render(ctx, 'errors', errors, status);
}

/**
 * Mounted first: every failure leaves as a GeoReport `errors` body in the requested format,
 * never HTML or a stack trace; 5xx details go to the log only.
 */
export async function errorMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    const apiError = asApiError(error);
    if (apiError) {
      ctx.set(apiError.headers);
      renderError(ctx, apiError.errors, apiError.status);
      return;
    }
    ctx.state.log?.error({ err: error }, 'request failed');
    renderError(ctx, [{ code: 500, description: 'internal error; it has been logged' }], 500);
  }
}
