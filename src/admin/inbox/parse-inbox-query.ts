import type { Catalogue, Locale } from '../../domain/catalogue';
import { parseDateParam } from '../../domain/dates';
import { parseBbox } from '../../domain/parse-request-query';
import { booleanParam, listParam, pagingOf, textParam, type Params } from '../../domain/params';
import { badRequest, forbidden } from '../../domain/errors';
import type { DetailedStatus } from '../../domain/detailed-status';
import { parseInboxSort, type InboxFilter, type Visibility } from '../../domain/inbox-filter';
import { cityScope, readableDepartments, type Principal } from '../../domain/principal';

export type { InboxFilter, Visibility } from '../../domain/inbox-filter';

/** Non-admins may narrow to their own departments only; asking for another one is 403. */
function departments(principal: Principal, ids: string[] | null): InboxFilter['departments'] {
  const scope = readableDepartments(principal);
  if (ids === null) return scope;
  if (ids.length === 1 && ids[0] === 'none') {
    if (scope !== null) throw forbidden('only admins see requests without a responsible department');
    return 'none';
  }
  // The layer checked each item; `none` mixed with ids, or no item at all, is still not one of the forms.
  if (ids.length === 0 || ids.includes('none')) {
    throw badRequest('department_id must be a department id, a comma-separated list of them, or none');
  }
  const wanted = [...new Set(ids.map(Number))];
  const outside = scope === null ? [] : wanted.filter((id) => !scope.includes(id));
  if (outside.length > 0) throw forbidden(`you are not a member of department ${outside.join(', ')}`);
  return wanted;
}

function assignee(principal: Principal, value: string | undefined): InboxFilter['assignee'] {
  if (value === undefined) return null;
  if (value === 'me') return principal.id;
  return value === 'none' ? 'none' : Number(value);
}

function serviceIds(catalogue: Catalogue, jurisdictionId: string | null, codes: string[] | null): number[] | null {
  if (codes === null) return null;
  const services = [...catalogue.serviceById.values()].filter(
    (s) => jurisdictionId === null || s.jurisdictionId === jurisdictionId,
  );
  return codes.flatMap((code) => {
    const ids = services.filter((s) => s.code === code).map((s) => s.id);
    if (ids.length === 0) throw badRequest(`service_code "${code}" is not a service`);
    return ids;
  });
}

/**
 * The city the list covers: unknown is 400 (the cities are public, discovery lists them); then
 * one's own (another is 403), or for an instance admin the one asked for or every city.
 */
function jurisdiction(catalogue: Catalogue, principal: Principal, requested: string | undefined): string | null {
  if (requested !== undefined && !catalogue.jurisdictions.has(requested)) {
    throw badRequest(`jurisdiction_id "${requested}" is not served here`);
  }
  return cityScope(principal, requested);
}

/** `locale` (checked by the layer: fi, sv or en, a region ignored); null = the municipality's default. */
export function inboxLocale(params: Params): Locale | null {
  const value = textParam(params, 'locale');
  return value === undefined ? null : (value.slice(0, 2).toLowerCase() as Locale);
}

function requestedRange(params: Params, timeZone: string): [Date | null, Date | null] {
  const start = textParam(params, 'start_date');
  const end = textParam(params, 'end_date');
  const from = start === undefined ? null : parseDateParam('start_date', start, timeZone);
  const to = end === undefined ? null : parseDateParam('end_date', end, timeZone, true);
  if (from !== null && to !== null && to < from) throw badRequest('end_date is before start_date');
  return [from, to];
}

/** Bare dates mean whole days in the municipality's time zone (Helsinki for every Finnish city). */
function timeZoneOf(catalogue: Catalogue, jurisdictionId: string | null): string {
  const chosen = jurisdictionId === null ? undefined : catalogue.jurisdictions.get(jurisdictionId);
  return (chosen ?? catalogue.jurisdictions.values().next().value)?.timezone ?? 'Europe/Helsinki';
}

/**
 * Turns the inbox query (checked by the parameter layer against `adminListRequests`, which
 * refuses unknown parameters: a mistyped filter would otherwise show a handler the wrong list
 * silently) into a filter: department scope, the catalogue and the date range stay here.
 */
export function parseInboxQuery(params: Params, principal: Principal, catalogue: Catalogue): InboxFilter {
  const jurisdictionId = jurisdiction(catalogue, principal, textParam(params, 'jurisdiction_id'));
  const [requestedFrom, requestedTo] = requestedRange(params, timeZoneOf(catalogue, jurisdictionId));
  const scope = departments(principal, listParam(params, 'department_id'));
  const only = catalogue.jurisdictions.size === 1 ? [...catalogue.jurisdictions.keys()][0] : null;
  return {
    departments: scope,
    // An admin's unscoped list names the one municipality, so (jurisdiction_id, requested_at)
    // orders it from the index instead of sorting every request.
    jurisdictionId: jurisdictionId ?? (scope === null ? only : null),
    detailedStatuses: listParam(params, 'detailed_status') as DetailedStatus[] | null,
    statuses: listParam(params, 'status') as ('open' | 'closed')[] | null,
    visibilities: listParam(params, 'visibility') as Visibility[] | null,
    held: booleanParam(params, 'held'),
    overdue: booleanParam(params, 'overdue'),
    serviceIds: serviceIds(catalogue, jurisdictionId, listParam(params, 'service_code')),
    assignee: assignee(principal, textParam(params, 'assignee_id')),
    text: textParam(params, 'q') ?? null,
    bbox: parseBbox(textParam(params, 'bbox')),
    requestedFrom,
    requestedTo,
    locale: inboxLocale(params),
    sort: parseInboxSort(textParam(params, 'sort')),
    ...pagingOf(params),
  };
}
