import type { Context } from 'koa';
import { badRequest } from '../domain/errors';

const ID = /^[1-9]\d{0,8}$/;

/** A numeric id from the path (`handler_id`, `token_id`, `client_id`, `department_id`): 400 unless a positive int4. */
export function pathId(ctx: Context, name: string): number {
  const raw = String(ctx.params[name]);
  if (!ID.test(raw)) throw badRequest(`${name} must be a positive whole number, not "${raw}"`);
  return Number(raw);
}
