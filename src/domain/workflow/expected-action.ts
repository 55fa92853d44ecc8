import { EVENT_KINDS } from '../event-kinds';
import { conflict } from '../errors';
import { recordEvent } from '../../repositories/admin/events';
import { setExpected } from '../../repositories/admin/workflow-status';
import type { Action } from './action';

export type ExpectedBody = { expected_datetime: string | null };

/**
 * A handler's estimate of when the matter is done (GeoReport `expected_datetime`); it replaces
 * the computed estimate. null clears it. Only for open requests: a closed one is done.
 */
export const expectedAction: Action<ExpectedBody> = async (client, ref, body, principal) => {
  if (ref.status === 'closed') throw conflict('a closed request has no expected completion; reopen it first');
  const change = await setExpected(client, ref.id, body.expected_datetime);
  return recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.expectedSet,
    handlerId: principal.id,
    public: false,
    data: { from: change.previous, to: change.current },
  });
};
