import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../domain/errors';
import type { AppMetrics } from './app-metrics';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, so the time taken tells nothing about the token, not even its length. */
function hasToken(ctx: Context, expected: Buffer): boolean {
  const given = /^Bearer (\S+)$/i.exec(ctx.get('authorization'))?.[1];
  return given !== undefined && timingSafeEqual(digest(given), expected);
}

/**
 * GET /metrics in Prometheus text format (docs/metrics.md). With METRICS_TOKEN set, only for
 * `Authorization: Bearer <token>`; anything else is a 401 that says what is missing.
 */
export function metricsRouter(metrics: AppMetrics, token: string | null): Router {
  const expected = token === null ? null : digest(token);
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    if (expected !== null && !hasToken(ctx, expected)) {
      throw new ApiError(401, ['/metrics needs Authorization: Bearer with the METRICS_TOKEN'], {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    const text = await metrics.scrape();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Type', metrics.contentType);
    ctx.body = text;
  });
  return router;
}
