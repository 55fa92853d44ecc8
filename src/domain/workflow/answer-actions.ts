import type { PoolClient } from 'pg';
import { EVENT_KINDS } from '../event-kinds';
import { openOrClosed, transitionProblem } from '../workflow-transitions';
import { conflict } from '../errors';
import { refreshServiceEstimate } from '../../repositories/estimates';
import { recordEvent } from '../../repositories/admin/events';
import type { DetailedStatus } from '../detailed-status';
import { changeStatus, setAnswer } from '../../repositories/admin/workflow-status';
import type { Principal } from '../principal';
import type { RequestRef } from '../request-access';
import type { Action } from './action';

/** Who reads an answer (docs/publication.md §1): everyone, or the resident (by e-mail) and handlers only. */
export type AnswerVisibility = 'public' | 'private';

export type StatusBody = {
  detailed_status: DetailedStatus;
  answer?: string;
  visibility?: AnswerVisibility;
  note?: string;
};
export type AnswerBody = { answer: string; visibility?: AnswerVisibility };
export type NoteBody = { note: string };

/** An internal note: handlers only, never in any public output. */
export function recordNote(client: PoolClient, requestId: string, handlerId: number, note: string): Promise<string> {
  return recordEvent(client, { requestId, kind: EVENT_KINDS.note, handlerId, public: false, note });
}

const PRIVATE = { visibility: 'private' };

/**
 * A private answer (docs/publication.md §1): an internal `answered` event for handlers and the
 * resident's e-mail; status_notes and the public history never see it. `statusEventId` links it
 * to the status change it came with, whose e-mail carries it (src/mail/notify-resident.ts).
 */
function recordPrivateAnswer(
  client: PoolClient,
  ref: RequestRef,
  principal: Principal,
  answer: { text: string; status: 'open' | 'closed'; detailedStatus: DetailedStatus; statusEventId?: string },
): Promise<string> {
  return recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.answered,
    handlerId: principal.id,
    public: false,
    status: answer.status,
    detailedStatus: answer.detailedStatus,
    note: answer.text,
    data: answer.statusEventId === undefined ? PRIVATE : { ...PRIVATE, status_event: answer.statusEventId },
  });
}

/**
 * Moves the workflow; the public `status_changed` event carries a public answer (if any) into
 * the resident-visible history. A private answer goes to a separate internal event instead, the
 * note to another.
 */
export const changeStatusAction: Action<StatusBody> = async (client, ref, body, principal) => {
  const to = body.detailed_status;
  const problem = transitionProblem(ref.detailedStatus, to);
  if (problem !== null) throw conflict(problem);
  const status = openOrClosed(to);
  const publicAnswer = body.visibility === 'private' ? null : (body.answer ?? null);
  await changeStatus(client, ref.id, to, status, publicAnswer);
  const eventId = await recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.statusChanged,
    handlerId: principal.id,
    public: true,
    status,
    detailedStatus: to,
    note: publicAnswer,
    data: { from: ref.detailedStatus, to },
  });
  if (body.answer !== undefined && publicAnswer === null) {
    await recordPrivateAnswer(client, ref, principal, {
      text: body.answer,
      status,
      detailedStatus: to,
      statusEventId: eventId,
    });
  }
  if (body.note !== undefined) await recordNote(client, ref.id, principal.id, body.note);
  // The estimate samples PROCESSED requests: closing as, reopening from or archiving from PROCESSED changes it.
  if (to === 'PROCESSED' || ref.detailedStatus === 'PROCESSED') await refreshServiceEstimate(client, ref.serviceId);
  return eventId;
};

/** An answer that leaves the status as it is: public (status_notes and the history) or private. */
export const answerAction: Action<AnswerBody> = async (client, ref, body, principal) => {
  if (body.visibility === 'private') {
    return recordPrivateAnswer(client, ref, principal, {
      text: body.answer,
      status: ref.status,
      detailedStatus: ref.detailedStatus,
    });
  }
  await setAnswer(client, ref.id, body.answer);
  return recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.answered,
    handlerId: principal.id,
    public: true,
    status: ref.status,
    detailedStatus: ref.detailedStatus,
    note: body.answer,
  });
};

export const noteAction: Action<NoteBody> = (client, ref, body, principal) =>
  recordNote(client, ref.id, principal.id, body.note);
