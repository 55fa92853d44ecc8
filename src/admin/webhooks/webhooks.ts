import type { Context } from 'koa';
import type { Pool, PoolClient } from 'pg';
import type { AppDeps } from '../../deps';
import { badRequest, notFound } from '../../domain/errors';
import { cityScope } from '../../domain/principal';
import { checkTarget } from '../../domain/webhook-target';
import type { WebhookEventType } from '../../domain/webhook-events';
import { withTransaction } from '../../repositories/transaction';
import {
  deleteWebhook as deleteWebhookRow,
  findWebhook,
  insertWebhook,
  listWebhooks as listWebhookRows,
  recordWebhookEvent,
  updateWebhook as updateWebhookRow,
  type WebhookChanges,
  type WebhookRow,
} from '../../repositories/webhook-repository';
import { newWebhookSecret } from '../../webhooks/sign';
import { principalOf } from '../authenticate';
import { cityOfNewRecord, listCity } from '../city-choice';
import { readJson } from '../json-body';
import { pathId } from '../path-id';

type WebhookCreate = {
  name?: string;
  url: string;
  events: WebhookEventType[];
  secret?: string;
  active?: boolean;
  jurisdiction_id?: string;
};
type WebhookPatch = Partial<Omit<WebhookCreate, 'jurisdiction_id'>>;

/** The webhook of the path within the caller's reach (another city's is 404, as an unknown id). */
export async function webhookOfPath(ctx: Context, db: Pool | PoolClient, lock = false): Promise<WebhookRow> {
  const id = pathId(ctx, 'webhook_id');
  const found = await findWebhook(db, id, cityScope(principalOf(ctx)), lock);
  if (found === null) throw notFound(`webhook_id ${id} is not a webhook`);
  return found;
}

/** GET /webhooks (admins): a city admin's city's webhooks; an instance admin's choice or all. Never a secret. */
export async function listWebhooks(ctx: Context, deps: AppDeps): Promise<void> {
  const city = await listCity(ctx, deps.db.pool);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = { items: await listWebhookRows(deps.db.pool, city) };
}

/** GET /webhooks/{webhook_id} (admins). */
export async function getWebhook(ctx: Context, deps: AppDeps): Promise<void> {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = await webhookOfPath(ctx, deps.db.pool);
}

/**
 * POST /webhooks (admins): a webhook of one city (cityOfNewRecord). The target is checked
 * (src/domain/webhook-target.ts); the secret, given or generated, is in this response only.
 */
export async function createWebhook(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const body = await readJson<WebhookCreate>(ctx, 'AdminWebhookCreate', deps.config.bodyLimitBytes);
  const url = await checkTarget(body.url);
  const city = await cityOfNewRecord(deps.db.pool, principal, body.jurisdiction_id);
  if (city === null) throw badRequest('no municipality exists yet: create one first');
  const secret = body.secret ?? newWebhookSecret();
  const name = body.name?.trim() || new URL(url).host;
  const active = body.active ?? true;
  const created = await withTransaction(deps.db.pool, async (client) => {
    const hook = await insertWebhook(client, { jurisdictionId: city, name, url, events: body.events, secret, active });
    await recordWebhookEvent(client, {
      handlerId: principal.id,
      webhookId: hook.webhook_id,
      kind: 'webhook_created',
      data: { name, url, events: body.events, active, jurisdiction_id: city },
    });
    return hook;
  });
  ctx.status = 201;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { ...created, secret };
}

/**
 * PATCH /webhooks/{webhook_id} (admins): name, url (checked again), events, secret (never
 * shown back) or active. Audited as `webhook_updated` with the previous values.
 */
export async function updateWebhook(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const body = await readJson<WebhookPatch>(ctx, 'AdminWebhookPatch', deps.config.bodyLimitBytes);
  const url = body.url === undefined ? undefined : await checkTarget(body.url);
  const changes: WebhookChanges = {
    ...(body.name === undefined ? {} : { name: body.name.trim() }),
    ...(url === undefined ? {} : { url }),
    ...(body.events === undefined ? {} : { events: body.events }),
    ...(body.secret === undefined ? {} : { secret: body.secret }),
    ...(body.active === undefined ? {} : { active: body.active }),
  };
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    const existing = await webhookOfPath(ctx, client, true);
    if (Object.keys(changes).length === 0) return existing;
    const updated = await updateWebhookRow(client, existing.webhook_id, changes);
    const { secret: _secret, ...shown } = changes;
    const previous = Object.fromEntries(Object.keys(shown).map((key) => [key, existing[key as keyof WebhookRow]]));
    await recordWebhookEvent(client, {
      handlerId: principal.id,
      webhookId: existing.webhook_id,
      kind: 'webhook_updated',
      data: { changes: shown, previous, ...(changes.secret === undefined ? {} : { secret_changed: true }) },
    });
    return updated;
  });
  ctx.set('Cache-Control', 'private, no-store');
}

/** DELETE /webhooks/{webhook_id} (admins): nothing more is sent; its log and audit stay. */
export async function deleteWebhook(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  await withTransaction(deps.db.pool, async (client) => {
    const existing = await webhookOfPath(ctx, client, true);
    await deleteWebhookRow(client, existing.webhook_id);
    await recordWebhookEvent(client, {
      handlerId: principal.id,
      webhookId: existing.webhook_id,
      kind: 'webhook_deleted',
    });
  });
  ctx.status = 204;
}
