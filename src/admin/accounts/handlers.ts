import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { conflict, notFound } from '../../domain/errors';
import { recordAccountEvent } from '../../repositories/admin/account-events';
import {
  findHandler,
  listHandlers as listHandlerRows,
  lockActiveAdmins,
  updateHandler as updateHandlerRow,
  type HandlerRow,
} from '../../repositories/admin/account-handlers';
import { insertHandler, insertHandlerToken, setHandlerDepartments } from '../../repositories/handler-repository';
import { withTransaction } from '../../repositories/transaction';
import { inCity, type Principal } from '../../domain/principal';
import { principalOf } from '../authenticate';
import { listCity } from '../city-choice';
import { readJson } from '../json-body';
import { cityAfterPatch, cityOfNewHandler } from './handler-city';
import { applyOidcSubject, identityTakenAs409 } from './handler-identity';
import { checkHandlerInput, duplicateEmailAs409, type HandlerCreate, type HandlerPatch } from './handler-input';
import { pathId } from '../path-id';

/** Label of the token a new handler gets with their account. */
const FIRST_TOKEN_LABEL = 'first token';

/**
 * GET /handlers (admins): every handler with role, city, departments and whether active; a
 * city admin's city only, an instance admin's choice (`jurisdiction_id`) or everyone.
 */
export async function listHandlers(ctx: Context, deps: AppDeps): Promise<void> {
  const city = await listCity(ctx, deps.db.pool);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listHandlerRows(deps.db.pool, city) };
}

/**
 * A handler the principal may manage: one of their city (an instance admin: anyone). Another
 * city's handler, or an instance admin for a city admin, is the same 404 as an unknown id.
 */
export async function manageableHandler(
  db: Parameters<typeof findHandler>[0],
  principal: Principal,
  id: number,
  lock = false,
): Promise<HandlerRow> {
  const handler = await findHandler(db, id, lock);
  if (handler === null || !inCity(principal, handler.jurisdiction_id)) {
    throw notFound(`handler_id ${id} is not a handler`);
  }
  return handler;
}

/** GET /handlers/{handler_id} (admins). */
export async function getHandler(ctx: Context, deps: AppDeps): Promise<void> {
  const id = pathId(ctx, 'handler_id');
  const handler = await manageableHandler(deps.db.pool, principalOf(ctx), id);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = handler;
}

/**
 * POST /handlers (admins): the account and its first bearer token, which is shown in this
 * response only (the database keeps its hash). Both land in one transaction with their audit.
 */
export async function createHandler(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const body = await readJson<HandlerCreate>(ctx, 'AdminHandlerCreate', deps.config.bodyLimitBytes);
  const { handler, token } = await withTransaction(deps.db.pool, async (client) => {
    const jurisdictionId = await cityOfNewHandler(client, principal, body);
    await checkHandlerInput(client, body, null, jurisdictionId);
    const departmentIds = [...new Set(body.department_ids ?? [])];
    const id = await insertHandler(client, { ...body, name: body.name?.trim() ?? '', departmentIds, jurisdictionId });
    await applyOidcSubject(client, deps.config.handlerJwt, id, body.oidc_subject);
    if (body.alerts_enabled !== undefined || body.language !== undefined) {
      await updateHandlerRow(client, id, { alerts_enabled: body.alerts_enabled, language: body.language });
    }
    const issued = await insertHandlerToken(client, id, FIRST_TOKEN_LABEL);
    const who = { handlerId: principal.id, targetHandlerId: id };
    await recordAccountEvent(client, {
      ...who,
      kind: 'handler_created',
      data: { ...body, department_ids: departmentIds, jurisdiction_id: jurisdictionId },
    });
    await recordAccountEvent(client, {
      ...who,
      kind: 'token_issued',
      credentialId: issued.id,
      data: { label: FIRST_TOKEN_LABEL },
    });
    return { handler: (await findHandler(client, id)) as HandlerRow, token: issued };
  })
    .catch(identityTakenAs409(body.oidc_subject))
    .catch(duplicateEmailAs409(body.email));
  ctx.status = 201;
  ctx.set('Location', `/admin/v1/handlers/${handler.id}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { ...handler, token_id: token.id, token: token.token };
}

/** Whether the change ends an active instance admin: demoted, deactivated or given a city. */
const losesAdmin = (handler: HandlerRow, patch: HandlerPatch): boolean =>
  handler.role === 'admin' &&
  handler.jurisdiction_id === null &&
  handler.active &&
  ((patch.role !== undefined && patch.role !== 'admin') ||
    patch.active === false ||
    (patch.jurisdiction_id !== undefined && patch.jurisdiction_id !== null));

/**
 * PATCH /handlers/{handler_id} (admins): e-mail, name, role, city, departments, active, the
 * linked sign-in identity (`oidc_subject`, docs/handler-sign-in.md), alert settings
 * (docs/alerts.md). A
 * deactivated handler's tokens stop working at once but are kept, so reactivating restores
 * them; revoke them to end them for good. The last active instance admin cannot be demoted,
 * deactivated or given a city (409). A city admin manages their city's handlers only and
 * cannot move them to another city; the departments must be of the handler's city.
 */
export async function updateHandler(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'handler_id');
  const body = await readJson<HandlerPatch>(ctx, 'AdminHandlerPatch', deps.config.bodyLimitBytes);
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    const admins = await lockActiveAdmins(client);
    const existing = await manageableHandler(client, principal, id, true);
    if (losesAdmin(existing, body) && admins.every((adminId) => adminId === id)) {
      throw conflict(
        `handler_id ${id} is the last active admin without a city (instance admin): make another handler one first`,
      );
    }
    const jurisdictionId = await cityAfterPatch(client, principal, existing, body);
    const departments = { ...body, department_ids: body.department_ids ?? existing.department_ids };
    await checkHandlerInput(client, departments, id, jurisdictionId);
    // The city may change without being named (an instance admin stepping down): audited too.
    const effective = jurisdictionId === existing.jurisdiction_id ? body : { ...body, jurisdiction_id: jurisdictionId };
    const { department_ids: departmentIds, ...changes } = effective;
    await updateHandlerRow(client, id, { ...changes, name: changes.name?.trim() });
    if (departmentIds !== undefined) await setHandlerDepartments(client, id, departmentIds);
    await applyOidcSubject(client, deps.config.handlerJwt, id, body.oidc_subject);
    const previous = Object.fromEntries(Object.keys(effective).map((key) => [key, existing[key as keyof HandlerRow]]));
    await recordAccountEvent(client, {
      handlerId: principal.id,
      kind: 'handler_updated',
      targetHandlerId: id,
      data: { changes: effective, previous },
    });
    return findHandler(client, id);
  })
    .catch(identityTakenAs409(body.oidc_subject))
    .catch(duplicateEmailAs409(body.email));
  ctx.set('Cache-Control', 'private, no-store');
}
