import type { RegisterRoutes } from '../types';
import { act } from './act';
import { bulkAction } from './bulk';
import { answerAction, changeStatusAction, noteAction } from '../../domain/workflow/answer-actions';
import { duplicateAction } from '../../domain/workflow/duplicate-action';
import { expectedAction } from '../../domain/workflow/expected-action';
import { removeNicknameAction } from '../../domain/workflow/nickname-action';
import { assignAction, redirectAction } from '../../domain/workflow/routing-actions';

/**
 * Admin routes: status, answers, notes, assignment, redirects, duplicates, expected_datetime,
 * and some of them on many requests at once (docs/staff-intake.md, "Bulk actions"), and removing a
 * resident's nickname (docs/publication.md). Admins and handlers only; a viewer is refused before
 * the request is looked up.
 */
export const registerWorkflowRoutes: RegisterRoutes = (routes, deps) => {
  const base = '/requests/:service_request_id';
  routes.post(`${base}/status`, 'work', (ctx) => act(ctx, deps, 'AdminStatusChange', changeStatusAction));
  routes.post(`${base}/answer`, 'work', (ctx) => act(ctx, deps, 'AdminAnswer', answerAction));
  routes.post(`${base}/notes`, 'work', (ctx) => act(ctx, deps, 'AdminNote', noteAction));
  routes.post(`${base}/assignment`, 'work', (ctx) => act(ctx, deps, 'AdminAssignment', assignAction));
  routes.post(`${base}/redirect`, 'work', (ctx) => act(ctx, deps, 'AdminRedirect', redirectAction));
  routes.post(`${base}/duplicate`, 'work', (ctx) => act(ctx, deps, 'AdminDuplicate', duplicateAction));
  routes.put(`${base}/expected`, 'work', (ctx) => act(ctx, deps, 'AdminExpected', expectedAction));
  routes.post('/requests/bulk', 'work', (ctx) => bulkAction(ctx, deps));
  routes.post(`${base}/nickname/remove`, 'work', (ctx) => act(ctx, deps, 'AdminNicknameRemoval', removeNicknameAction));
};
