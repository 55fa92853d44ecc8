import type { Catalogue, Locale } from '../../domain/catalogue';
import { parseDateParam } from '../../domain/dates';
import { integer, list, parseBbox } from '../../domain/parse-request-query';
import type { RequestFilter } from '../../domain/request-filter';
import { badRequest, forbidden } from '../../http/errors';
import { first, type Fields } from '../../http/fields';
import type { DetailedStatus } from '../../repositories/public-scope';
import { readableDepartments, type Principal } from '../principal';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const DETAILED_STATUSES: readonly DetailedStatus[] = ['RECEIVED', 'IN_PROCESS', 'PROCESSED', 'REJECTED', 'ARCHIVED'];
const VISIBILITIES = ['pending', 'public', 'hidden'] as const;
const STATUSES = ['open', 'closed'] as const;
const KNOWN = new Set([
  'detailed_status',
  'status',
  'visibility',
  'held',
  'overdue',
  'service_code',
  'department_id',
  'assignee_id',
  'q',
  'bbox',
  'start_date',
  'end_date',
  'jurisdiction_id',
  'locale',
  'page',
  'page_size',
]);
const ID = /^[1-9]\d{0,9}$/;
const LOCALE = /^(fi|sv|en)(?:[_-][A-Za-z]{2})?$/i;

export type Visibility = (typeof VISIBILITIES)[number];

/** The inbox list after parsing and department scoping; null means "no such filter". */
export type InboxFilter = {
  /** Departments to show (scope ∩ `department_id`); `none` = requests without one; null = all. */
  departments: readonly number[] | 'none' | null;
  jurisdictionId: string | null;
  detailedStatuses: DetailedStatus[] | null;
  statuses: ('open' | 'closed')[] | null;
  visibilities: Visibility[] | null;
  held: boolean | null;
  overdue: boolean | null;
  serviceIds: number[] | null;
  assignee: number | 'none' | null;
  text: string | null;
  bbox: RequestFilter['bbox'];
  requestedFrom: Date | null;
  requestedTo: Date | null;
  locale: Locale | null;
  page: number;
  pageSize: number;
};

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | null {
  const items = list(value);
  if (items === null) return null;
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw badRequest(`${name} "${item}" is not one of ${allowed.join(', ')}`);
    }
  }
  return items as T[];
}

function flag(name: string, value: string | undefined): boolean | null {
  if (value === undefined) return null;
  if (value !== 'true' && value !== 'false') throw badRequest(`${name} must be true or false`);
  return value === 'true';
}

/** Non-admins may narrow to their own departments only; asking for another one is 403. */
function departments(principal: Principal, value: string | undefined): InboxFilter['departments'] {
  const scope = readableDepartments(principal);
  if (value === undefined) return scope;
  if (value === 'none') {
    if (scope !== null) throw forbidden('only admins see requests without a responsible department');
    return 'none';
  }
  const ids = list(value) ?? [];
  if (ids.length === 0 || !ids.every((id) => ID.test(id))) {
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
  if (value === 'none') return 'none';
  if (!ID.test(value)) throw badRequest('assignee_id must be a handler id, me or none');
  return Number(value);
}

function serviceIds(catalogue: Catalogue, jurisdictionId: string | null, value: string | undefined): number[] | null {
  const codes = list(value);
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

function jurisdiction(catalogue: Catalogue, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!catalogue.jurisdictions.has(value)) throw badRequest(`jurisdiction_id "${value}" is not served here`);
  return value;
}

function text(value: string | undefined): string | null {
  if (value === undefined) return null;
  // Three characters make at least one trigram, so the GIN index can always answer.
  if (value.length < 3 || value.length > 200) throw badRequest('q must be 3 to 200 characters');
  return value;
}

/** `locale` for service names: fi, sv or en (a region is ignored); null = the municipality's default. */
export function parseInboxLocale(value: string | undefined): Locale | null {
  if (value === undefined) return null;
  if (!LOCALE.test(value)) throw badRequest(`locale "${value}" is not fi, sv or en (optionally with a region)`);
  return value.slice(0, 2).toLowerCase() as Locale;
}

function requestedRange(fields: Fields, timeZone: string): [Date | null, Date | null] {
  const start = first(fields, 'start_date');
  const end = first(fields, 'end_date');
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
 * Turns the inbox query into a filter, naming the parameter in every 400. Unknown parameters
 * are refused too: a mistyped filter would otherwise show a handler the wrong list silently.
 */
export function parseInboxQuery(fields: Fields, principal: Principal, catalogue: Catalogue): InboxFilter {
  const unknown = [...fields.keys()].filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) throw badRequest(...unknown.map((name) => `unknown parameter "${name}"`));
  const jurisdictionId = jurisdiction(catalogue, first(fields, 'jurisdiction_id'));
  const [requestedFrom, requestedTo] = requestedRange(fields, timeZoneOf(catalogue, jurisdictionId));
  const scope = departments(principal, first(fields, 'department_id'));
  const only = catalogue.jurisdictions.size === 1 ? [...catalogue.jurisdictions.keys()][0] : null;
  return {
    departments: scope,
    // An admin's unscoped list names the one municipality, so (jurisdiction_id, requested_at)
    // orders it from the index instead of sorting every request.
    jurisdictionId: jurisdictionId ?? (scope === null ? only : null),
    detailedStatuses: oneOf('detailed_status', first(fields, 'detailed_status'), DETAILED_STATUSES),
    statuses: oneOf('status', first(fields, 'status'), STATUSES),
    visibilities: oneOf('visibility', first(fields, 'visibility'), VISIBILITIES),
    held: flag('held', first(fields, 'held')),
    overdue: flag('overdue', first(fields, 'overdue')),
    serviceIds: serviceIds(catalogue, jurisdictionId, first(fields, 'service_code')),
    assignee: assignee(principal, first(fields, 'assignee_id')),
    text: text(first(fields, 'q')),
    bbox: parseBbox(first(fields, 'bbox')),
    requestedFrom,
    requestedTo,
    locale: parseInboxLocale(first(fields, 'locale')),
    page: integer('page', first(fields, 'page'), 1, 1000000, 1),
    pageSize: integer('page_size', first(fields, 'page_size'), 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  };
}
