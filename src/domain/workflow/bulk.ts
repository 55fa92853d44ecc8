import type { Pool } from 'pg';
import type { ActionResult } from '../action-result';
import type { DetailedStatus } from '../detailed-status';
import { ApiError, type GeoReportError } from '../errors';
import type { Principal } from '../principal';
import { loadRequestRef } from '../request-access';
import { runAction, type Action } from './action';
import { changeStatusAction } from './answer-actions';
import { publicationAction } from './publication-action';
import { assignAction } from './routing-actions';

export type BulkActionName = 'assign' | 'set_status' | 'publish' | 'hide';

/** The bulk body as the document (AdminBulkAction) checked it: each action's own fields only. */
export type BulkBody = {
  action: BulkActionName;
  request_ids: string[];
  department_id?: number;
  handler_id?: number | null;
  detailed_status?: DetailedStatus;
  answer?: string;
  note?: string;
};

export type BulkItem =
  | ({ service_request_id: string; ok: true } & Omit<ActionResult, 'service_request_id'>)
  | { service_request_id: string; ok: false; error: GeoReportError };

export type BulkResult = { action: BulkActionName; succeeded: number; failed: number; results: BulkItem[] };

type RunOne = (publicId: string) => Promise<ActionResult>;

/** The single-request command (and its body) that the bulk action stands for. */
function commandOf(pool: Pool, baseUrl: string, principal: Principal, body: BulkBody): RunOne {
  const run =
    <B>(action: Action<B>, actionBody: B): RunOne =>
    (publicId) =>
      runAction(pool, baseUrl, { publicId, principal, body: actionBody }, action);
  switch (body.action) {
    case 'assign':
      return run(assignAction, { department_id: body.department_id, handler_id: body.handler_id });
    case 'set_status':
      return run(changeStatusAction, {
        detailed_status: body.detailed_status as DetailedStatus,
        answer: body.answer,
        note: body.note,
      });
    case 'publish':
      return run(publicationAction, { visibility: 'public' });
    case 'hide':
      return run(publicationAction, { visibility: 'hidden' });
  }
}

const failed = (publicId: string, code: number, description: string): BulkItem => ({
  service_request_id: publicId,
  ok: false,
  error: { code, description },
});

/**
 * One request: first whether the caller may read it at all, where another department, another
 * city and an unknown id are the same 404 (a bulk answer must not tell which ids exist); then
 * the command, in its own transaction, exactly as its single-request route runs it.
 */
async function runOne(pool: Pool, principal: Principal, publicId: string, run: RunOne): Promise<BulkItem> {
  try {
    await loadRequestRef(pool, publicId, principal, 'read');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
      return failed(publicId, 404, `service_request_id "${publicId}" not found`);
    }
    throw error;
  }
  try {
    const { service_request_id, ...state } = await run(publicId);
    return { service_request_id, ok: true, ...state };
  } catch (error) {
    if (error instanceof ApiError) return failed(publicId, error.status, error.message);
    throw error;
  }
}

/**
 * A bulk action (docs/staff-intake.md, "Bulk actions"): per item, not all-or-nothing. Each
 * request runs the same domain command as its single-request route (assignment, status,
 * publication), in its own transaction with its own audit event(s) and resident e-mail, one
 * after another; a refusal of one request is reported for it and the next one goes on. An
 * unexpected failure is reported as 500 for that request and handed to `onError` (the log).
 */
export async function runBulk(
  pool: Pool,
  baseUrl: string,
  principal: Principal,
  body: BulkBody,
  onError: (publicId: string, error: unknown) => void,
): Promise<BulkResult> {
  const run = commandOf(pool, baseUrl, principal, body);
  const results: BulkItem[] = [];
  for (const publicId of body.request_ids) {
    try {
      results.push(await runOne(pool, principal, publicId, run));
    } catch (error) {
      onError(publicId, error);
      results.push(failed(publicId, 500, 'internal error: this request was not changed'));
    }
  }
  const succeeded = results.filter((item) => item.ok).length;
  return { action: body.action, succeeded, failed: results.length - succeeded, results };
}
