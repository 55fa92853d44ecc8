import type { RegisterRoutes } from '../types';
import { act } from './act';
import { answerAction, changeStatusAction, noteAction } from './answer-actions';
import { duplicateAction } from './duplicate-action';
import { expectedAction } from './expected-action';
import { assignAction, redirectAction } from './routing-actions';

/** Admin routes: status, answers, notes, assignment, redirects, duplicates, expected_datetime. */
export const registerWorkflowRoutes: RegisterRoutes = (router, deps) => {
  const base = '/requests/:service_request_id';
  router.post(`${base}/status`, (ctx) => act(ctx, deps, 'AdminStatusChange', changeStatusAction));
  router.post(`${base}/answer`, (ctx) => act(ctx, deps, 'AdminAnswer', answerAction));
  router.post(`${base}/notes`, (ctx) => act(ctx, deps, 'AdminNote', noteAction));
  router.post(`${base}/assignment`, (ctx) => act(ctx, deps, 'AdminAssignment', assignAction));
  router.post(`${base}/redirect`, (ctx) => act(ctx, deps, 'AdminRedirect', redirectAction));
  router.post(`${base}/duplicate`, (ctx) => act(ctx, deps, 'AdminDuplicate', duplicateAction));
  router.put(`${base}/expected`, (ctx) => act(ctx, deps, 'AdminExpected', expectedAction));
};
