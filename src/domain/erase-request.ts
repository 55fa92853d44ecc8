import type { Pool } from 'pg';
import type { MediaStore } from '../media/media-store';
import { recordEvent } from '../repositories/admin/events';
import { eraseRequestData, readErasureState, type ErasedData } from '../repositories/erasure-repository';
import { withTransaction } from '../repositories/transaction';
import { EVENT_KINDS } from './event-kinds';
import type { Principal } from './principal';
import { loadRequestRef } from './request-access';

/** The AdminErasureResult body. */
export type ErasureResult = {
  service_request_id: string;
  already_erased: boolean;
  erased_datetime: string;
  /** The audit event of the erasure (the earlier one when it was already erased). */
  event_id: string | null;
  photos_deleted: number;
  mails_erased: number;
  unsent_mails_cancelled: number;
};

const w3c = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What was erased now; `erased` null: it had been erased before, nothing was done. */
function resultOf(publicId: string, at: Date, eventId: string | null, erased: ErasedData | null): ErasureResult {
  return {
    service_request_id: publicId,
    already_erased: erased === null,
    erased_datetime: w3c(at),
    event_id: eventId,
    photos_deleted: (erased?.photoKeys.length ?? 0) / 2,
    mails_erased: erased?.mails ?? 0,
    unsent_mails_cancelled: erased?.unsentMails ?? 0,
  };
}

/**
 * The right to erasure (docs/retention.md): an admin erases a request's contact details,
 * original texts and unpublished photos, keeping the public redacted record and its history,
 * with an internal audit event naming who and why. One transaction holding the request row; the
 * photo files leave the store (through its interface, local folder or bucket alike) as its last
 * step, so a store that fails rolls the erasure back and a retry does it all again, and a
 * commit that fails leaves only rows of photos that were to go anyway. A second call changes
 * nothing and says when it was erased.
 */
export async function eraseRequest(
  pool: Pool,
  media: MediaStore,
  input: { publicId: string; principal: Principal; reason: string },
): Promise<ErasureResult> {
  return withTransaction(pool, async (client) => {
    const ref = await loadRequestRef(client, input.publicId, input.principal, 'work', true);
    const state = await readErasureState(client, ref.id);
    if (state?.erasedAt) return resultOf(ref.publicId, state.erasedAt, state.eventId, null);
    const erased = await eraseRequestData(client, ref.id, 'all');
    const eventId = await recordEvent(client, {
      requestId: ref.id,
      kind: EVENT_KINDS.erased,
      handlerId: input.principal.id,
      public: false,
      data: {
        reason: input.reason,
        photos_deleted: erased.photoKeys.length / 2,
        mails_erased: erased.mails,
        unsent_mails_cancelled: erased.unsentMails,
        sign_ins_removed: erased.signIns,
      },
    });
    const at = (await readErasureState(client, ref.id))?.erasedAt ?? new Date();
    await Promise.all(erased.photoKeys.map((key) => media.delete(key)));
    return resultOf(ref.publicId, at, eventId, erased);
  });
}
