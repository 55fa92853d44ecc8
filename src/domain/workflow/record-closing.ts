import type { PoolClient } from 'pg';
import type { DetailedStatus } from '../detailed-status';
import { recordEvent } from '../../repositories/admin/events';
import { refreshServiceEstimate } from '../../repositories/estimates';
import type { Principal } from '../principal';
import type { RequestRef } from '../request-access';

/**
 * The public event of a handler closing a request with an answer (as a duplicate, or handed to
 * another authority), then the category's time estimate again: a closing changes the figures
 * it is computed from (docs/domain-model.md §7).
 */
export async function recordClosing(
  client: PoolClient,
  ref: RequestRef,
  principal: Principal,
  closing: { kind: string; detailedStatus: DetailedStatus; answer: string; data: Record<string, unknown> },
): Promise<string> {
  const eventId = await recordEvent(client, {
    requestId: ref.id,
    kind: closing.kind,
    handlerId: principal.id,
    public: true,
    status: 'closed',
    detailedStatus: closing.detailedStatus,
    note: closing.answer,
    data: { from: ref.detailedStatus, ...closing.data },
  });
  await refreshServiceEstimate(client, ref.serviceId);
  return eventId;
}
