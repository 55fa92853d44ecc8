import { EVENT_KINDS } from '../event-kinds';
import { answerLocale, duplicateAnswer } from '../workflow-answers';
import { badRequest, conflict, notFound } from '../errors';
import { closeAsDuplicate, countDuplicatesOf, findOriginal } from '../../repositories/admin/workflow-duplicates';
import { canRead } from '../principal';
import type { Action } from './action';
import { recordClosing } from './record-closing';

export type DuplicateBody = { original_id: string; answer?: string };

/**
 * Closes an open request as a duplicate (docs/domain-model.md §7). Links stay one level deep: naming
 * a duplicate as the original links to its original instead, and a request that others
 * already point to cannot become a duplicate itself (409). The public answer names the
 * original only if the original is public, like `parent_service_request_id`. The original must
 * be one the handler may read (as GET /requests/{id}): one they may not is the same 404 as an
 * unknown id, so the answer tells nothing about other departments' requests.
 */
export const duplicateAction: Action<DuplicateBody> = async (client, ref, body, principal) => {
  if (body.original_id === ref.publicId) throw badRequest('original_id must be another request');
  if (ref.status === 'closed') throw conflict('a closed request cannot be marked a duplicate; reopen it first');
  const duplicates = await countDuplicatesOf(client, ref.id);
  if (duplicates > 0) {
    throw conflict(`${duplicates} request(s) are duplicates of this one; it cannot become a duplicate itself`);
  }
  const original = await findOriginal(client, body.original_id, ref.id);
  if (original === null || !canRead(principal, original.namedDepartmentId, original.namedJurisdictionId)) {
    throw notFound(`original_id "${body.original_id}" not found`);
  }
  if (!canRead(principal, original.departmentId, original.jurisdictionId)) {
    // The named request is readable and shows its own original's id, so naming it leaks nothing.
    throw conflict(`original_id "${body.original_id}" is a duplicate of ${original.publicId}, which you may not read`);
  }
  if (original.id === ref.id) throw badRequest('original_id must be another request');
  if (!original.sameJurisdiction) throw badRequest(`original_id "${body.original_id}" belongs to another jurisdiction`);
  const answer = duplicateAnswer(answerLocale(ref.locale), original.isPublic ? original.publicId : null, body.answer);
  await closeAsDuplicate(client, ref.id, original.id, answer);
  return recordClosing(client, ref, principal, {
    kind: EVENT_KINDS.duplicate,
    detailedStatus: 'PROCESSED',
    answer,
    data: { original: original.publicId, named: body.original_id },
  });
};
