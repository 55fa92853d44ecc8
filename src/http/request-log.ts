import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

const SAFE_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Structured access log with a request id (taken from X-Request-Id when sane, else new).
 * `observe`, when given, hears each request's time in seconds (/metrics, docs/metrics.md).
 */
export function requestLog(logger: Logger, observe?: (ctx: Context, seconds: number) => void) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const incoming = ctx.get('x-request-id');
    const id = SAFE_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    ctx.state.log = logger.child({ reqId: id });
    ctx.set('X-Request-Id', id);
    try {
      await next();
    } finally {
      const ns = Number(process.hrtime.bigint() - started);
      observe?.(ctx, ns / 1e9);
      const ms = ns / 1e6;
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    }
  };
}
