import { badRequest } from '../../http/errors';
import { w3c } from '../../repositories/public-scope';
import { principalOf } from '../authenticate';
import { requireAdmin } from '../principal';
import type { RegisterRoutes } from '../types';

const STATES = ['pending', 'sent', 'failed'] as const;
const PARAMETERS = ['state', 'service_request_id', 'page', 'page_size'];
type State = (typeof STATES)[number];

const STATE_SQL: Record<State, string> = {
  pending: 'o.sent_at IS NULL AND o.failed_at IS NULL',
  sent: 'o.sent_at IS NOT NULL',
  failed: 'o.failed_at IS NOT NULL',
};

const LIST = (where: string) => `
  SELECT o.id::text AS id, o.message_id, r.public_id AS service_request_id, o.kind, o.locale, o.recipient,
         o.subject, o.body, o.attempts, o.last_error,
         CASE WHEN o.sent_at IS NOT NULL THEN 'sent' WHEN o.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END
           AS state,
         ${w3c('o.created_at')} AS created_datetime, ${w3c('o.next_attempt_at')} AS next_attempt_datetime,
         ${w3c('o.sent_at')} AS sent_datetime, ${w3c('o.failed_at')} AS failed_datetime
    FROM outbox o LEFT JOIN service_request r ON r.id = o.request_id
   WHERE ${where}
   ORDER BY o.id DESC LIMIT $1 OFFSET $2`;

function pageParam(value: unknown, name: string, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 1 || n > max) {
    throw badRequest(`${name} must be a whole number from 1 to ${max}`);
  }
  return n;
}

/**
 * GET /admin/v1/outbox (admins only): e-mail queued for residents, with delivery state. With
 * no SMTP server configured (the embedded default) this is where the messages stay.
 */
export const registerOutboxRoutes: RegisterRoutes = (router, deps) => {
  router.get('/outbox', async (ctx) => {
    requireAdmin(principalOf(ctx));
    const unknown = Object.keys(ctx.query).find((name) => !PARAMETERS.includes(name));
    if (unknown !== undefined) throw badRequest(`unknown parameter "${unknown}"`);
    const { state, service_request_id: requestId, page, page_size: pageSize } = ctx.query;
    const parts = ['true'];
    const values: unknown[] = [];
    if (state !== undefined) {
      if (typeof state !== 'string' || !STATES.includes(state as State)) {
        throw badRequest(`state must be one of ${STATES.join(', ')}`);
      }
      parts.push(STATE_SQL[state as State]);
    }
    const size = pageParam(pageSize, 'page_size', 500, 50);
    const number = pageParam(page, 'page', 1000000, 1);
    values.push(size, (number - 1) * size);
    if (requestId !== undefined) {
      if (typeof requestId !== 'string') throw badRequest('service_request_id must be given once');
      values.push(requestId);
      parts.push(`r.public_id = $${values.length}`);
    }
    const result = await deps.db.pool.query(LIST(parts.join(' AND ')), values);
    // Recipients and message bodies are personal data: never cached on the way.
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { items: result.rows, page: number, page_size: size };
  });
};
