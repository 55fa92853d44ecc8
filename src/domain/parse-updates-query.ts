import { badRequest } from './errors';
import type { Jurisdiction } from './catalogue';
import { parseDateParam } from './dates';
import { listParam, pagingOf, textParam, type Params } from './params';
import { MAX_WINDOW_DAYS } from './parse-request-query';

/** What GET servicerequestupdates asks for (docs/open311-dialect.md §17). */
export type UpdatesFilter = {
  jurisdictionId: string;
  /** `service_request_id` list: only these requests' updates. */
  ids: string[] | null;
  /** Inclusive lower bound on the update time, on a whole second. */
  from: Date | null;
  /** Exclusive upper bound: the second after `end_date`, so `end_date` itself is included. */
  until: Date | null;
  page: number;
  pageSize: number;
};

/** Without `start_date`: the day before `end_date` (or now). FixMyStreet asks for 2 hours. */
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const SECOND_MS = 1000;

const floorTo = (date: Date, unit: number): Date => new Date(Math.floor(date.getTime() / unit) * unit);

function parseIds(ids: string[] | null): string[] | null {
  return ids === null || ids.length === 0 ? null : ids;
}

/**
 * The update-time window. Updates leave with second precision, so the bounds are whole
 * seconds and both ends inclusive: exactly FixMyStreet's own check (`$updated lt start ||
 * $updated gt end` on W3CDTF UTC strings). With `service_request_id` and no dates, the whole
 * history of those requests; otherwise at most 90 days, like GET requests.
 */
function updateWindow(params: Params, tz: string, now: Date, byId: boolean): [Date | null, Date | null] {
  const startRaw = textParam(params, 'start_date');
  const endRaw = textParam(params, 'end_date');
  const start = startRaw === undefined ? null : parseDateParam('start_date', startRaw, tz);
  const end = endRaw === undefined ? null : parseDateParam('end_date', endRaw, tz, true);
  if (start !== null && end !== null && end < start) throw badRequest('end_date is before start_date');
  const until = end === null ? null : new Date(floorTo(end, SECOND_MS).getTime() + SECOND_MS);
  if (byId) return [start === null ? null : floorTo(start, SECOND_MS), until];
  // The default start is on a whole minute, so repeated polls are the same query.
  const from =
    start !== null
      ? floorTo(start, SECOND_MS)
      : floorTo(new Date((end ?? now).getTime() - DEFAULT_WINDOW_MS), end === null ? 60 * SECOND_MS : SECOND_MS);
  if ((end ?? now).getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS + DAY_MS) {
    throw badRequest(`start_date and end_date may span at most ${MAX_WINDOW_DAYS} days; ask for consecutive windows`);
  }
  return [from, until];
}

/**
 * Turns GET servicerequestupdates parameters (checked by the parameter layer against
 * `getServiceRequestUpdates`) into a filter; `api_key` is accepted and ignored.
 */
export function parseUpdatesQuery(params: Params, jurisdiction: Jurisdiction, now = new Date()): UpdatesFilter {
  const ids = parseIds(listParam(params, 'service_request_id'));
  const [from, until] = updateWindow(params, jurisdiction.timezone, now, ids !== null);
  return { jurisdictionId: jurisdiction.id, ids, from, until, ...pagingOf(params) };
}
