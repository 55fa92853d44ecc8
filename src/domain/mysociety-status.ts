import type { DetailedStatus } from './detailed-status';
import { EVENT_KINDS } from './event-kinds';

/**
 * [MYS] The lower-case mySociety update states we emit (docs/open311-dialect.md §17). FixMyStreet maps
 * them onto its report states: `open` → confirmed, `closed` → fixed or closed (its
 * `extended_statuses` setting), `no_further_action` → unable to fix, `not_councils_responsibility`
 * → not responsible; the rest keep their name with spaces.
 */
export type MySocietyStatus =
  | 'open'
  | 'in_progress'
  | 'closed'
  | 'no_further_action'
  | 'duplicate'
  | 'not_councils_responsibility'
  | 'internal_referral';

/** Event kinds that say more than their detailed status does. */
const BY_KIND: Readonly<Record<string, MySocietyStatus>> = {
  [EVENT_KINDS.duplicate]: 'duplicate',
  [EVENT_KINDS.redirectedExternal]: 'not_councils_responsibility',
  // Internal today (never in the feed); kept so a public internal referral would read right.
  [EVENT_KINDS.redirectedInternal]: 'internal_referral',
};

/**
 * Helsinki codes → mySociety. PROCESSED ("käsitelty") is `closed`, not `fixed`: feedback is
 * often a question or a suggestion, and "handled" does not claim that anything was repaired.
 */
const BY_DETAILED_STATUS: Readonly<Record<DetailedStatus, MySocietyStatus>> = {
  RECEIVED: 'open',
  IN_PROCESS: 'in_progress',
  PROCESSED: 'closed',
  REJECTED: 'no_further_action',
  ARCHIVED: 'closed',
};

/**
 * The state of a request after an update (what mySociety's `status` means). `stateKind` is the
 * kind of the event that set the state: the event itself, or for an answer without a status
 * change the latest public event before it, so an answer to a duplicate still says `duplicate`.
 */
export function mySocietyStatus(stateKind: string, detailedStatus: DetailedStatus): MySocietyStatus {
  return BY_KIND[stateKind] ?? BY_DETAILED_STATUS[detailedStatus];
}
