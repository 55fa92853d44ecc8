/**
 * SQL for the "taken into processing within N working days" promise (docs/domain-model.md §9).
 * `deadline_at` is stored when a request is created (src/domain/working-days.ts). A request is
 * overdue when it was not taken into processing by then: still untouched after the deadline,
 * or taken only after it. Closing a request (rejected, redirected, duplicate) without passing
 * through IN_PROCESS is a decision on it too, so `closed_at` stands in for a missing
 * `first_handled_at`; requests without a stored deadline are never overdue.
 */
export const overdueSql = (alias = 'r'): string =>
  `(${alias}.deadline_at IS NOT NULL AND ` +
  `coalesce(${alias}.first_handled_at, ${alias}.closed_at, now()) > ${alias}.deadline_at)`;
