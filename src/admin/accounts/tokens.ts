import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { conflict, forbidden, notFound } from '../../domain/errors';
import { recordAccountEvent } from '../../repositories/admin/account-events';
import { findHandler } from '../../repositories/admin/account-handlers';
import { listTokens as listTokenRows, revokeToken as revokeTokenRow } from '../../repositories/admin/account-tokens';
import { insertHandlerToken } from '../../repositories/handler-repository';
import { withTransaction } from '../../repositories/transaction';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import { manageableHandler } from './handlers';
import { pathId } from '../path-id';

type TokenCreate = { label?: string };

/**
 * Whose tokens the path names: every handler manages their own (a viewer too: rotating one's
 * own token is no power over requests); only admins touch others', a city admin only those of
 * their city's handlers. 403 comes before 404, so a non-admin learns nothing about which ids exist.
 */
async function tokenOwner(ctx: Context, deps: AppDeps): Promise<number> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'handler_id');
  if (id === principal.id) return id;
  if (principal.role !== 'admin') throw forbidden(`role "${principal.role}" may manage only its own tokens`);
  await manageableHandler(deps.db.pool, principal, id);
  return id;
}

/** GET /handlers/{handler_id}/tokens: label, created, last used, revoked; never the secret. */
export async function listTokens(ctx: Context, deps: AppDeps): Promise<void> {
  const handlerId = await tokenOwner(ctx, deps);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listTokenRows(deps.db.pool, handlerId) };
}

/** POST /handlers/{handler_id}/tokens: a new bearer token, shown in this response only. */
export async function createToken(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const handlerId = await tokenOwner(ctx, deps);
  const body = await readJson<TokenCreate>(ctx, 'AdminHandlerTokenCreate', deps.config.bodyLimitBytes);
  const label = body.label?.trim() ?? '';
  const issued = await withTransaction(deps.db.pool, async (client) => {
    const handler = await findHandler(client, handlerId, true);
    if (handler === null) throw notFound(`handler_id ${handlerId} is not a handler`);
    if (!handler.active) throw conflict(`handler_id ${handlerId} is deactivated: reactivate them first`);
    const token = await insertHandlerToken(client, handlerId, label);
    await recordAccountEvent(client, {
      handlerId: principal.id,
      kind: 'token_issued',
      targetHandlerId: handlerId,
      credentialId: token.id,
      data: { label },
    });
    return token;
  });
  ctx.status = 201;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { token_id: issued.id, label, token: issued.token };
}

/** DELETE /handlers/{handler_id}/tokens/{token_id}: the token is 401 from now on (idempotent). */
export async function revokeToken(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const handlerId = await tokenOwner(ctx, deps);
  const tokenId = pathId(ctx, 'token_id');
  await withTransaction(deps.db.pool, async (client) => {
    const revoked = await revokeTokenRow(client, handlerId, tokenId);
    if (revoked === null) throw notFound(`token_id ${tokenId} is not a token of handler ${handlerId}`);
    if (revoked) {
      await recordAccountEvent(client, {
        handlerId: principal.id,
        kind: 'token_revoked',
        targetHandlerId: handlerId,
        credentialId: tokenId,
      });
    }
  });
  ctx.status = 204;
}
