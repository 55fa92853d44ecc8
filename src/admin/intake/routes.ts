import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { badRequest } from '../../domain/errors';
import { takeInRequest, type IntakeBody } from '../../domain/intake-request';
import { principalOf } from '../authenticate';
import { cityOfNewRecord } from '../city-choice';
import { readJson } from '../json-body';
import type { RegisterRoutes } from '../types';

/**
 * POST /admin/v1/requests (docs/staff-intake.md): the body against AdminIntakeRequest, the city
 * (the handler's own; an instance admin's choice, required when several are served), then the
 * domain's intake command, which files the request as a resident's own POST would be filed.
 */
async function createRequest(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const body = await readJson<IntakeBody>(ctx, 'AdminIntakeRequest', deps.config.bodyLimitBytes);
  const city = await cityOfNewRecord(deps.db.pool, principal, body.jurisdiction_id);
  if (city === null) throw badRequest('no municipality is served here yet');
  const taken = await takeInRequest(
    { pool: deps.db.pool, media: deps.media, config: deps.config, catalogue: deps.catalogue },
    principal,
    city,
    body,
  );
  ctx.status = 201;
  ctx.set('Location', `/admin/v1/requests/${taken.publicId}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = {
    service_request_id: taken.publicId,
    token: taken.token,
    service_notice: taken.serviceNotice,
    visibility: taken.visibility,
    channel: taken.channel,
  };
}

/** Staff intake: admins and handlers; a viewer is refused before the body is read. */
export const registerIntakeRoutes: RegisterRoutes = (routes, deps) => {
  routes.post('/requests', 'work', (ctx) => createRequest(ctx, deps));
};
