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
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import { checkHandlerInput, duplicateEmailAs409, type HandlerCreate, type HandlerPatch } from './handler-input';
import { pathId } from '../path-id';

/** Label of the token a new handler gets with their account. */
const FIRST_TOKEN_LABEL = 'first token';

/** GET /handlers (admins): every handler with role, departments and whether active. */
export async function listHandlers(ctx: Context, deps: AppDeps): Promise<void> {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listHandlerRows(deps.db.pool) };
}

/** GET /handlers/{handler_id} (admins). */
export async function getHandler(ctx: Context, deps: AppDeps): Promise<void> {
  const id = pathId(ctx, 'handler_id');
  const handler = await findHandler(deps.db.pool, id);
  if (handler === null) throw notFound(`handler_id ${id} is not a handler`);
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
    await checkHandlerInput(client, body, null);
    const departmentIds = [...new Set(body.department_ids ?? [])];
    const id = await insertHandler(client, { ...body, name: body.name?.trim() ?? '', departmentIds });
    const issued = await insertHandlerToken(client, id, FIRST_TOKEN_LABEL);
    const who = { handlerId: principal.id, targetHandlerId: id };
    await recordAccountEvent(client, {
      ...who,
      kind: 'handler_created',
      data: { ...body, department_ids: departmentIds },
    });
    await recordAccountEvent(client, {
      ...who,
      kind: 'token_issued',
      credentialId: issued.id,
      data: { label: FIRST_TOKEN_LABEL },
    });
    return { handler: (await findHandler(client, id)) as HandlerRow, token: issued };
  }).catch(duplicateEmailAs409(body.email));
  ctx.status = 201;
  ctx.set('Location', `/admin/v1/handlers/${handler.id}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { ...handler, token_id: token.id, token: token.token };
}

const losesAdmin = (handler: HandlerRow, patch: HandlerPatch): boolean =>
  handler.role === 'admin' &&
  handler.active &&
  ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);

/**
 * PATCH /handlers/{handler_id} (admins): e-mail, name, role, departments, active. A deactivated
 * handler's tokens stop working at once but are kept, so reactivating restores them; revoke
 * them to end them for good. The last active admin cannot be demoted or deactivated (409).
 */
export async function updateHandler(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'handler_id');
  const body = await readJson<HandlerPatch>(ctx, 'AdminHandlerPatch', deps.config.bodyLimitBytes);
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    const admins = await lockActiveAdmins(client);
    const existing = await findHandler(client, id, true);
    if (existing === null) throw notFound(`handler_id ${id} is not a handler`);
    if (losesAdmin(existing, body) && admins.every((adminId) => adminId === id)) {
      throw conflict('handler_id ' + id + ' is the last active admin: make another handler admin first');
    }
    await checkHandlerInput(client, body, id);
    const { department_ids: departmentIds, ...changes } = body;
    await updateHandlerRow(client, id, { ...changes, name: changes.name?.trim() });
    if (departmentIds !== undefined) await setHandlerDepartments(client, id, departmentIds);
    const previous = Object.fromEntries(Object.keys(body).map((key) => [key, existing[key as keyof HandlerRow]]));
    await recordAccountEvent(client, {
      handlerId: principal.id,
      kind: 'handler_updated',
      targetHandlerId: id,
      data: { changes: body, previous },
    });
    return findHandler(client, id);
  }).catch(duplicateEmailAs409(body.email));
  ctx.set('Cache-Control', 'private, no-store');
}
