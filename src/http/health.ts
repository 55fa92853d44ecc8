import { Router } from '@koa/router';
import type { Pool } from 'pg';
import { pingDatabase } from '../repositories/database-ping';

/**
 * Liveness (/health: the process answers) and readiness (/ready: the database answers, and the
 * read replica too when DATABASE_READ_URL sends the public reads there).
 */
export function healthRouter(pool: Pool, readPool: Pool = pool): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    try {
      await Promise.all([pingDatabase(pool), readPool === pool ? undefined : pingDatabase(readPool)]);
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable' };
    }
  });
  return router;
}
