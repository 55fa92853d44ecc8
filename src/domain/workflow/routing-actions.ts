import type { PoolClient } from 'pg';
import { EVENT_KINDS } from '../event-kinds';
import { answerLocale, authorityAnswer } from '../workflow-answers';
import { badRequest, conflict, forbidden } from '../errors';
import { recordEvent } from '../../repositories/admin/events';
import {
  closeForAuthority,
  findDepartmentFor,
  isAssignable,
  route,
  type DepartmentTarget,
} from '../../repositories/admin/workflow-routing';
import type { Principal } from '../principal';
import type { RequestRef } from '../request-access';
import type { Action } from './action';
import { recordClosing } from './record-closing';

export type AssignmentBody = { department_id?: number; handler_id?: number | null };
export type RedirectBody =
  | { to: 'department'; department_id: number; note?: string }
  | { to: 'authority'; authority_name: string; authority_contact: string; answer?: string };

async function department(client: PoolClient, ref: RequestRef, departmentId: number): Promise<DepartmentTarget> {
  const target = await findDepartmentFor(client, ref.id, departmentId);
  if (target === null) throw badRequest(`department_id ${departmentId} is not a department of this jurisdiction`);
  return target;
}

function requireMember(principal: Principal, departmentId: number): void {
  if (principal.role !== 'admin' && !principal.departmentIds.includes(departmentId)) {
    throw forbidden(
      `you may assign only to your own departments; to hand the request to department ${departmentId}, redirect it`,
    );
  }
}

/**
 * Assigns the request within the departments the handler belongs to (an admin: anywhere in
 * the jurisdiction). A new department without a handler_id leaves the request unassigned;
 * `handler_id: null` unassigns.
 */
export const assignAction: Action<AssignmentBody> = async (client, ref, body, principal) => {
  const target = body.department_id === undefined ? null : await department(client, ref, body.department_id);
  if (target !== null) requireMember(principal, target.id);
  const departmentId = target?.id ?? ref.departmentId;
  const movesDepartment = departmentId !== ref.departmentId;
  const assigneeId = body.handler_id === undefined ? (movesDepartment ? null : ref.assigneeId) : body.handler_id;
  if (assigneeId !== null && (departmentId === null || !(await isAssignable(client, assigneeId, departmentId)))) {
    throw badRequest(`handler_id ${assigneeId} is not an active handler of department ${departmentId ?? '(none)'}`);
  }
  if (!movesDepartment && assigneeId === ref.assigneeId) throw conflict('the request is already assigned so');
  await route(client, ref.id, target, assigneeId);
  return recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.assigned,
    handlerId: principal.id,
    public: false,
    data: {
      from_department_id: ref.departmentId,
      to_department_id: departmentId,
      from_handler_id: ref.assigneeId,
      to_handler_id: assigneeId,
    },
  });
};

async function redirectToDepartment(
  client: PoolClient,
  ref: RequestRef,
  body: Extract<RedirectBody, { to: 'department' }>,
  principal: Principal,
): Promise<string> {
  const target = await department(client, ref, body.department_id);
  if (target.id === ref.departmentId) throw conflict(`the request already belongs to department ${target.id}`);
  await route(client, ref.id, target, null);
  return recordEvent(client, {
    requestId: ref.id,
    kind: EVENT_KINDS.redirectedInternal,
    handlerId: principal.id,
    public: false,
    note: body.note ?? null,
    data: { from_department_id: ref.departmentId, to_department_id: target.id, from_handler_id: ref.assigneeId },
  });
}

async function redirectToAuthority(
  client: PoolClient,
  ref: RequestRef,
  body: Extract<RedirectBody, { to: 'authority' }>,
  principal: Principal,
): Promise<string> {
  const authority = { name: body.authority_name.trim(), contact: body.authority_contact.trim() };
  const answer = authorityAnswer(answerLocale(ref.locale), authority, body.answer);
  await closeForAuthority(client, ref.id, authority.name, answer);
  return recordClosing(client, ref, principal, {
    kind: EVENT_KINDS.redirectedExternal,
    detailedStatus: 'REJECTED',
    answer,
    data: { authority_name: authority.name, authority_contact: authority.contact },
  });
}

/**
 * Hands an open request on (docs/domain-model.md §7): to another department of the city (stays
 * open, unassigned) or to another authority (closed REJECTED, the authority named publicly).
 */
export const redirectAction: Action<RedirectBody> = async (client, ref, body, principal) => {
  if (ref.status === 'closed') throw conflict(`a closed request cannot be redirected; reopen it first`);
  return body.to === 'department'
    ? redirectToDepartment(client, ref, body, principal)
    : redirectToAuthority(client, ref, body, principal);
};
