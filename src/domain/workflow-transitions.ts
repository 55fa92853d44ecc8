import type { DetailedStatus } from './detailed-status';

/**
 * The handling workflow (docs/domain-model.md §5): RECEIVED → IN_PROCESS → PROCESSED, or closed
 * REJECTED / ARCHIVED on the way. A closed request may be reopened to IN_PROCESS and a
 * processed or rejected one archived; nothing goes back to RECEIVED, which only means
 * "nobody has looked at it yet" and starts the five-working-day clock.
 */
const NEXT: Readonly<Record<DetailedStatus, readonly DetailedStatus[]>> = {
  RECEIVED: ['IN_PROCESS', 'PROCESSED', 'REJECTED', 'ARCHIVED'],
  IN_PROCESS: ['PROCESSED', 'REJECTED', 'ARCHIVED'],
  PROCESSED: ['IN_PROCESS', 'ARCHIVED'],
  REJECTED: ['IN_PROCESS', 'ARCHIVED'],
  ARCHIVED: ['IN_PROCESS'],
};

/** GeoReport `status` of a detailed status (Helsinki mapping, docs/domain-model.md §5). */
export function openOrClosed(detailedStatus: DetailedStatus): 'open' | 'closed' {
  return detailedStatus === 'RECEIVED' || detailedStatus === 'IN_PROCESS' ? 'open' : 'closed';
}

/** Why `from → to` is not allowed, or null when it is. */
export function transitionProblem(from: DetailedStatus, to: DetailedStatus): string | null {
  if (from === to) return `the request is already ${to}`;
  if (NEXT[from].includes(to)) return null;
  return `a request in ${from} cannot move to ${to}; from ${from} it can move to ${NEXT[from].join(', ')}`;
}
