import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { badRequest, conflict, notFound } from '../../domain/errors';
import { pagingOf, textParam } from '../../domain/params';
import { fieldsFromSearchParams } from '../../http/fields';
import { queryParams } from '../../http/validate-params';
import {
  listDeliveries as listDeliveryRows,
  lockDeliveryState,
  redeliver as redeliverRow,
  type DeliveryState,
} from '../../repositories/webhook-delivery-repository';
import { recordWebhookEvent } from '../../repositories/webhook-repository';
import { withTransaction } from '../../repositories/transaction';
import { principalOf } from '../authenticate';
import { webhookOfPath } from './webhooks';

const DELIVERY_ID = /^[1-9]\d{0,17}$/;

function deliveryId(ctx: Context): string {
  const raw = String(ctx.params.delivery_id);
  if (!DELIVERY_ID.test(raw)) throw badRequest(`delivery_id must be a positive whole number, not "${raw}"`);
  return raw;
}

/** GET /webhooks/{webhook_id}/deliveries (admins): the delivery log, newest first. */
export async function listDeliveries(ctx: Context, deps: AppDeps): Promise<void> {
  const params = queryParams(
    'adminListWebhookDeliveries',
    fieldsFromSearchParams(new URLSearchParams(ctx.querystring)),
  );
  const state = textParam(params, 'state') as DeliveryState | undefined;
  const { page, pageSize } = pagingOf(params);
  const hook = await webhookOfPath(ctx, deps.db.pool);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = {
    items: await listDeliveryRows(deps.db.pool, hook.webhook_id, { state, page, pageSize }),
    page,
    page_size: pageSize,
  };
}

/**
 * POST /webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver (admins): a delivered or
 * given-up delivery goes again, same body and event id, from its first attempt. A waiting one
 * is a 409: it is already on its way.
 */
export async function redeliver(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = deliveryId(ctx);
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    const hook = await webhookOfPath(ctx, client, true);
    const state = await lockDeliveryState(client, hook.webhook_id, id);
    if (state === null) throw notFound(`delivery_id ${id} is not a delivery of webhook ${hook.webhook_id}`);
    if (state === 'pending') throw conflict(`delivery_id ${id} is still pending: it is retried on its own`);
    const again = await redeliverRow(client, hook.webhook_id, id);
    await recordWebhookEvent(client, {
      handlerId: principal.id,
      webhookId: hook.webhook_id,
      kind: 'delivery_redelivered',
      data: { delivery_id: id, previous_state: state },
    });
    return again;
  });
  ctx.status = 202;
  ctx.set('Cache-Control', 'private, no-store');
}
