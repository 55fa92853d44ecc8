import type { Context, Next } from 'koa';
import { ApiError } from './errors';
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

/**
 * Mounted first: every failure leaves as a GeoReport `errors` body in the requested format,
 * never HTML or a stack trace; 5xx details go to the log only.
 */
export async function errorHandler(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    const apiError = asApiError(error);
    if (apiError) {
      ctx.set(apiError.headers);
      render(ctx, 'errors', apiError.errors, apiError.status);
      return;
    }
    ctx.state.log?.error({ err: error }, 'request failed');
    render(ctx, 'errors', [{ code: 500, description: 'internal error; it has been logged' }], 500);
  }
}
