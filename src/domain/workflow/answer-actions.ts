import type { PoolClient } from 'pg';
import { EVENT_KINDS } from '../event-kinds';
import { openOrClosed, transitionProblem } from '../workflow-transitions';
import { conflict } from '../errors';
import { refreshServiceEstimate } from '../../repositories/estimates';
import { recordEvent } from '../../repositories/admin/events';
import type { DetailedStatus } from '../detailed-status';
import { changeStatus, setAnswer } from '../../repositories/admin/workflow-status';
import type { Action } from './action';

export type StatusBody = { detailed_status: DetailedStatus; answer?: string; note?: string };
export type AnswerBody = { answer: string };
export type NoteBody = { note: string };

/** An internal note: handlers only, never in any public output. */
export function recordNote(client: PoolClient, requestId: string, handlerId: number, note: string): Promise<string> {
  return recordEvent(client, { requestId, kind: EVENT_KINDS.note, handlerId, public: false, note });
}

/**
 * Moves the workflow; the public `status_changed` event carries the answer (if any) into the
 * resident-visible history, the note goes to a separate internal event.
 */
export const changeStatusAction: Action<StatusBody> = async (client, ref, body, principal) => {
  const to = body.detailed_status;
  const problem = transitionProblem(ref.detailedStatus, to);
  if (problem !== null) throw conflict(problem);
  const status = openOrClosed(to);
  await changeStatus(client, ref.id, to, status, body.answer ?? null);
  const eventId = await recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.statusChanged,
    handlerId: principal.id,
    public: true,
    status,
    detailedStatus: to,
    note: body.answer ?? null,
    data: { from: ref.detailedStatus, to },
  });
  if (body.note !== undefined) await recordNote(client, ref.id, principal.id, body.note);
  // The estimate samples PROCESSED requests: closing as, reopening from or archiving from PROCESSED changes it.
  if (to === 'PROCESSED' || ref.detailedStatus === 'PROCESSED') await refreshServiceEstimate(client, ref.serviceId);
  return eventId;
};

/** A public answer that leaves the status as it is. */
export const answerAction: Action<AnswerBody> = async (client, ref, body, principal) => {
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
