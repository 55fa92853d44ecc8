import type { RegisterRoutes } from '../types';
import { listDeliveries, redeliver } from './deliveries';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './webhooks';

/** Admin routes: a city's webhooks and their delivery log (docs/webhooks.md). Admins only. */
export const registerWebhookRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/webhooks', 'admin', (ctx) => listWebhooks(ctx, deps));
  routes.post('/webhooks', 'admin', (ctx) => createWebhook(ctx, deps));
  routes.get('/webhooks/:webhook_id', 'admin', (ctx) => getWebhook(ctx, deps));
  routes.patch('/webhooks/:webhook_id', 'admin', (ctx) => updateWebhook(ctx, deps));
  routes.delete('/webhooks/:webhook_id', 'admin', (ctx) => deleteWebhook(ctx, deps));
  routes.get('/webhooks/:webhook_id/deliveries', 'admin', (ctx) => listDeliveries(ctx, deps));
  routes.post('/webhooks/:webhook_id/deliveries/:delivery_id/redeliver', 'admin', (ctx) => redeliver(ctx, deps));
};
