import { EVENT_KINDS } from '../../domain/event-kinds';
import { answerLocale, duplicateAnswer } from '../../domain/workflow-answers';
import { badRequest, conflict } from '../../http/errors';
import { recordEvent } from '../../repositories/admin/events';
import { closeAsDuplicate, countDuplicatesOf, findOriginal } from '../../repositories/admin/workflow-duplicates';
import { refreshServiceEstimate } from '../../repositories/estimates';
import type { Action } from './act';

export type DuplicateBody = { original_id: string; answer?: string };

/**
 * Closes an open request as a duplicate (open311.md §4.11). Links stay one level deep: naming
 * a duplicate as the original links to its original instead, and a request that others
 * already point to cannot become a duplicate itself (409). The public answer names the
 * original only if the original is public, like `parent_service_request_id`.
 */
export const duplicateAction: Action<DuplicateBody> = async (client, ref, body, principal) => {
  if (body.original_id === ref.publicId) throw badRequest('original_id must be another request');
  if (ref.status === 'closed') throw conflict('a closed request cannot be marked a duplicate; reopen it first');
  const duplicates = await countDuplicatesOf(client, ref.id);
  if (duplicates > 0) {
    throw conflict(`${duplicates} request(s) are duplicates of this one; it cannot become a duplicate itself`);
  }
  const original = await findOriginal(client, body.original_id, ref.id);
  if (original === null) throw badRequest(`original_id "${body.original_id}" does not exist`);
  if (original.id === ref.id) throw badRequest('original_id must be another request');
  if (!original.sameJurisdiction) throw badRequest(`original_id "${body.original_id}" belongs to another jurisdiction`);
  const answer = duplicateAnswer(answerLocale(ref.locale), original.isPublic ? original.publicId : null, body.answer);
  await closeAsDuplicate(client, ref.id, original.id, answer);
  const eventId = await recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.duplicate,
    handlerId: principal.id,
    public: true,
    status: 'closed',
    detailedStatus: 'PROCESSED',
    note: answer,
    data: { from: ref.detailedStatus, original: original.publicId, named: body.original_id },
  });
  await refreshServiceEstimate(client, ref.serviceId);
  return eventId;
};
