import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { notFound } from '../../domain/errors';
import { recordAccountEvent } from '../../repositories/admin/account-events';
import {
  listClients as listClientRows,
  revokeClient as revokeClientRow,
} from '../../repositories/admin/account-clients';
import { insertApplication } from '../../repositories/application-repository';
import { withTransaction } from '../../repositories/transaction';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import { pathId } from '../path-id';

type ClientCreate = { name: string };

/** GET /clients (admins): client applications; never a key or its hash. */
export async function listClients(ctx: Context, deps: AppDeps): Promise<void> {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listClientRows(deps.db.pool) };
}

/**
 * POST /clients (admins): a client application and its API key (GeoReport `api_key`,
 * docs/open311-dialect.md §11.3), shown in this response only; the database keeps its hash.
 */
export async function createClient(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const body = await readJson<ClientCreate>(ctx, 'AdminClientCreate', deps.config.bodyLimitBytes);
  const name = body.name.trim();
  const created = await withTransaction(deps.db.pool, async (client) => {
    const application = await insertApplication(client, name);
    await recordAccountEvent(client, {
      handlerId: principal.id,
      kind: 'client_created',
      applicationId: application.id,
      data: { name },
    });
    return application;
  });
  ctx.status = 201;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { client_id: created.id, name, api_key: created.key };
}

/** DELETE /clients/{client_id} (admins): the key is 403 on the next POST (idempotent). */
export async function revokeClient(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'client_id');
  await withTransaction(deps.db.pool, async (client) => {
    const revoked = await revokeClientRow(client, id);
    if (revoked === null) throw notFound(`client_id ${id} is not a client application`);
    if (revoked)
      await recordAccountEvent(client, { handlerId: principal.id, kind: 'client_revoked', applicationId: id });
  });
  ctx.status = 204;
}
