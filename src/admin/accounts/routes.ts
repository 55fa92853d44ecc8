import type { RegisterRoutes } from '../types';
import { createClient, listClients, revokeClient } from './clients';
import { createHandler, getHandler, listHandlers, updateHandler } from './handlers';
import { createToken, listTokens, revokeToken } from './tokens';

/** Admin routes: handlers, their bearer tokens, and client applications (API keys). */
export const registerAccountRoutes: RegisterRoutes = (router, deps) => {
  router.get('/handlers', (ctx) => listHandlers(ctx, deps));
  router.post('/handlers', (ctx) => createHandler(ctx, deps));
  router.get('/handlers/:handler_id', (ctx) => getHandler(ctx, deps));
  router.patch('/handlers/:handler_id', (ctx) => updateHandler(ctx, deps));
  router.get('/handlers/:handler_id/tokens', (ctx) => listTokens(ctx, deps));
  router.post('/handlers/:handler_id/tokens', (ctx) => createToken(ctx, deps));
  router.delete('/handlers/:handler_id/tokens/:token_id', (ctx) => revokeToken(ctx, deps));
  router.get('/clients', (ctx) => listClients(ctx, deps));
  router.post('/clients', (ctx) => createClient(ctx, deps));
  router.delete('/clients/:client_id', (ctx) => revokeClient(ctx, deps));
};
