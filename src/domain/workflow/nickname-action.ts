import { EVENT_KINDS } from '../event-kinds';
import { conflict } from '../errors';
import { recordEvent } from '../../repositories/admin/events';
import { removeNickname } from '../../repositories/admin/workflow-nickname';
import type { Action } from './action';

export type NicknameRemovalBody = { note?: string };

/**
 * A handler takes the resident's nickname off the public request (docs/publication.md §2): an
 * inappropriate nickname is removed like inappropriate text, kept for the record. The internal
 * event `nickname_removed` holds the removed nickname and the handler's optional reason.
 */
export const removeNicknameAction: Action<NicknameRemovalBody> = async (client, ref, body, principal) => {
  const removed = await removeNickname(client, ref.id);
  if (removed === null) throw conflict(`request ${ref.publicId} shows no nickname to remove`);
  return recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.nicknameRemoved,
    handlerId: principal.id,
    public: false,
    note: body.note ?? null,
    data: { nickname: removed },
  });
};
