import { Router } from '@koa/router';
import type { Pool } from 'pg';
import { pingDatabase } from '../repositories/database-ping';

/** Liveness (/health: the process answers) and readiness (/ready: the database answers). */
export function healthRouter(pool: Pool): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    try {
      await pingDatabase(pool);
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable' };
    }
  });
  return router;
}
