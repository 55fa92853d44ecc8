import type { RegisterRoutes } from '../types';
import { createClient, listClients, revokeClient, updateClient } from './clients';
import { createHandler, getHandler, listHandlers, updateHandler } from './handlers';
import { createToken, listTokens, revokeToken } from './tokens';

/**
 * Admin routes: handlers, their bearer tokens, and client applications (API keys). Admins
 * only, except that every role manages its own tokens (tokens.ts checks whose they are).
 */
export const registerAccountRoutes: RegisterRoutes = (routes, deps) => {
  routes.get('/handlers', 'admin', (ctx) => listHandlers(ctx, deps));
  routes.post('/handlers', 'admin', (ctx) => createHandler(ctx, deps));
  routes.get('/handlers/:handler_id', 'admin', (ctx) => getHandler(ctx, deps));
  routes.patch('/handlers/:handler_id', 'admin', (ctx) => updateHandler(ctx, deps));
  routes.get('/handlers/:handler_id/tokens', 'any', (ctx) => listTokens(ctx, deps));
  routes.post('/handlers/:handler_id/tokens', 'any', (ctx) => createToken(ctx, deps));
  routes.delete('/handlers/:handler_id/tokens/:token_id', 'any', (ctx) => revokeToken(ctx, deps));
  routes.get('/clients', 'admin', (ctx) => listClients(ctx, deps));
  routes.post('/clients', 'admin', (ctx) => createClient(ctx, deps));
  routes.patch('/clients/:client_id', 'admin', (ctx) => updateClient(ctx, deps));
  routes.delete('/clients/:client_id', 'admin', (ctx) => revokeClient(ctx, deps));
};
