import { pagingOf, textParam } from '../../domain/params';
import { fieldsFromSearchParams } from '../../http/fields';
import { queryParams } from '../../http/validate-params';
import { listOutbox, type OutboxState } from '../../repositories/outbox-repository';
import type { RegisterRoutes } from '../types';
import { listCity } from '../city-choice';

/**
 * GET /admin/v1/outbox (admins only): e-mail queued for residents, with delivery state. With
 * no SMTP server configured (the embedded default) this is where the messages stay. A city
 * admin sees the messages about their city's requests; an instance admin all, or one city's.
 */
export const registerOutboxRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/outbox', 'admin', async (ctx) => {
    // Names, the state enum, paging and unknown parameters: the OpenAPI document (adminListOutbox).
    const params = queryParams('adminListOutbox', fieldsFromSearchParams(new URLSearchParams(ctx.querystring)));
    const state = textParam(params, 'state') as OutboxState | undefined;
    const requestId = textParam(params, 'service_request_id');
    const { page: number, pageSize: size } = pagingOf(params);
    const jurisdictionId = await listCity(ctx, deps.db.pool);
    const items = await listOutbox(deps.db.pool, { state, requestId, jurisdictionId, page: number, pageSize: size });
    // Recipients and message bodies are personal data: never cached on the way.
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { items, page: number, page_size: size };
  });
};
