import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { badRequest, conflict, notFound } from '../../domain/errors';
import { checkOriginPatterns } from '../../domain/origins';
import { recordAccountEvent } from '../../repositories/admin/account-events';
import {
  listClients as listClientRows,
  lockClient,
  revokeClient as revokeClientRow,
  updateClient as updateClientRow,
  type ClientRow,
} from '../../repositories/admin/account-clients';
import { insertApplication } from '../../repositories/application-repository';
import { withTransaction } from '../../repositories/transaction';
import { cityScope } from '../../domain/principal';
import { principalOf } from '../authenticate';
import { cityOfNewRecord, listCity } from '../city-choice';
import { readJson } from '../json-body';
import { pathId } from '../path-id';

type ClientCreate = { name: string; allowed_origins?: string[] | null; jurisdiction_id?: string };
type ClientPatch = { name?: string; allowed_origins?: string[] | null };

/** The origins normalised (src/domain/origins.ts), or a 400 naming every bad one. */
function originsOf(texts: string[]): string[] {
  const { patterns, problems } = checkOriginPatterns(texts);
  if (problems.length > 0) throw badRequest(...problems.map((problem) => `allowed_origins: ${problem}`));
  return patterns;
}

/**
 * GET /clients (admins): client applications with a browser key's origins and city; never a
 * key or its hash. A city admin's city only; an instance admin's choice (`jurisdiction_id`) or all.
 */
export async function listClients(ctx: Context, deps: AppDeps): Promise<void> {
  const city = await listCity(ctx, deps.db.pool);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listClientRows(deps.db.pool, city) };
}

/**
 * POST /clients (admins): a client application and its API key (GeoReport `api_key`,
 * docs/open311-dialect.md §11.3), shown in this response only; the database keeps its hash.
 * With `allowed_origins` it is a browser key (docs/api.md, "Browser keys"). The key belongs to
 * one city (cityOfNewRecord): a city admin's own, or the one an instance admin names.
 */
export async function createClient(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const body = await readJson<ClientCreate>(ctx, 'AdminClientCreate', deps.config.bodyLimitBytes);
  const name = body.name.trim();
  const origins = body.allowed_origins == null ? null : originsOf(body.allowed_origins);
  const city = await cityOfNewRecord(deps.db.pool, principal, body.jurisdiction_id);
  const created = await withTransaction(deps.db.pool, async (client) => {
    const application = await insertApplication(client, name, origins, city);
    await recordAccountEvent(client, {
      handlerId: principal.id,
      kind: 'client_created',
      applicationId: application.id,
      data: { name, allowed_origins: origins, jurisdiction_id: city },
    });
    return application;
  });
  ctx.status = 201;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { client_id: created.id, name, api_key: created.key, allowed_origins: origins, jurisdiction_id: city };
}

/** Why a PATCH cannot apply to this client, or null. */
function refusal(existing: ClientRow, origins: string[] | null | undefined): string | null {
  if (existing.revoked_datetime !== null) return `client_id ${existing.client_id} is revoked: create a new client`;
  if (origins === null && existing.allowed_origins !== null) {
    return (
      `allowed_origins: client_id ${existing.client_id} is a browser key, whose key is public in web pages; ` +
      'it cannot become a server-side key: create a new client for server-side use'
    );
  }
  return null;
}

/**
 * PATCH /clients/{client_id} (admins): a client's name or its browser key's origins (a
 * server-side key becomes a browser key by getting origins). POSTs see the change at once,
 * preflights within the origins cache's time. Audited as `client_updated` with the previous values.
 */
export async function updateClient(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'client_id');
  const body = await readJson<ClientPatch>(ctx, 'AdminClientPatch', deps.config.bodyLimitBytes);
  const origins = body.allowed_origins == null ? body.allowed_origins : originsOf(body.allowed_origins);
  const changes = {
    ...(body.name === undefined ? {} : { name: body.name.trim() }),
    ...(origins == null ? {} : { allowed_origins: origins }),
  };
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    const existing = await lockClient(client, id, cityScope(principal));
    if (existing === null) throw notFound(`client_id ${id} is not a client application`);
    const refused = refusal(existing, origins);
    if (refused !== null) throw conflict(refused);
    const updated = await updateClientRow(client, id, { name: changes.name, allowedOrigins: changes.allowed_origins });
    const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, existing[key as keyof ClientRow]]));
    if (Object.keys(changes).length > 0) {
      await recordAccountEvent(client, {
        handlerId: principal.id,
        kind: 'client_updated',
        applicationId: id,
        data: { changes, previous },
      });
    }
    return updated;
  });
  ctx.set('Cache-Control', 'private, no-store');
}

/** DELETE /clients/{client_id} (admins): the key is 403 on the next POST (idempotent); another city's is 404. */
export async function revokeClient(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'client_id');
  await withTransaction(deps.db.pool, async (client) => {
    const revoked = await revokeClientRow(client, id, cityScope(principal));
    if (revoked === null) throw notFound(`client_id ${id} is not a client application`);
    if (revoked)
      await recordAccountEvent(client, { handlerId: principal.id, kind: 'client_revoked', applicationId: id });
  });
  ctx.status = 204;
}
