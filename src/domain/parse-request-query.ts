import { badRequest, notFound } from '../http/errors';
import { first, firstOf, type Fields } from '../http/fields';
import type { Catalogue, Jurisdiction } from './catalogue';
import { parseDateParam } from './dates';
import type { RequestFilter } from './request-filter';

export const MAX_WINDOW_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const NUMBER = /^-?\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

/** A comma-separated parameter's non-empty items; null when the parameter is absent. */
export const list = (value: string | undefined): string[] | null =>
  value === undefined
    ? null
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

export function integer(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!INTEGER.test(value) || n < min || n > max)
    throw badRequest(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export function coordinate(name: string, value: string, limit: number): number {
  const n = Number(value);
  if (!NUMBER.test(value) || Math.abs(n) > limit)
    throw badRequest(`${name} must be a decimal number from -${limit} to ${limit} (WGS84)`);
  return n;
}

export function parseBbox(value: string | undefined): RequestFilter['bbox'] {
  if (value === undefined) return null;
  const parts = value.split(/[,;]/).map((p) => p.trim());
  if (parts.length !== 4 || !parts.every((p) => NUMBER.test(p))) {
    throw badRequest('bbox must be four numbers minLon,minLat,maxLon,maxLat, e.g. 25.08,60.39,25.12,60.41');
  }
  const [lon1, lat1, lon2, lat2] = [
    coordinate('bbox longitude', parts[0], 180),
    coordinate('bbox latitude', parts[1], 90),
    coordinate('bbox longitude', parts[2], 180),
    coordinate('bbox latitude', parts[3], 90),
  ];
  return {
    minLon: Math.min(lon1, lon2),
    minLat: Math.min(lat1, lat2),
    maxLon: Math.max(lon1, lon2),
    maxLat: Math.max(lat1, lat2),
  };
}

function parseNear(fields: Fields): RequestFilter['near'] {
  const [lat, long, radius] = [first(fields, 'lat'), first(fields, 'long'), first(fields, 'radius')];
  if (lat === undefined && long === undefined && radius === undefined) return null;
  if (lat === undefined || long === undefined || radius === undefined) {
    throw badRequest('lat, long and radius must be given together for a proximity search');
  }
  const metres = Number(radius);
  if (!NUMBER.test(radius) || metres <= 0 || metres > 50000)
    throw badRequest('radius must be a number of metres from 1 to 50000');
  return { lat: coordinate('lat', lat, 90), long: coordinate('long', long, 180), radius: metres };
}

function parseServiceIds(catalogue: Catalogue, jurisdiction: Jurisdiction, value: string | undefined): number[] | null {
  const codes = list(value);
  if (codes === null) return null;
  const services = catalogue.services.get(jurisdiction.id) ?? [];
  return codes.map((code) => {
    const service = services.find((s) => s.code === code);
    if (!service) throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
    return service.id;
  });
}

function parseStatuses(value: string | undefined): RequestFilter['statuses'] {
  const statuses = list(value);
  if (statuses === null) return null;
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw badRequest(`status "${s}" is not open or closed`);
  return statuses as ('open' | 'closed')[];
}

/**
 * Requested-time window: both bounds inclusive; without dates the last 90 days (or no window
 * when updated_after/updated_before select the changes). Never a silent cut: >90 days is a 400.
 */
function requestedWindow(fields: Fields, tz: string, now: Date, updatedFilter: boolean): [Date | null, Date | null] {
  const startRaw = first(fields, 'start_date');
  const endRaw = first(fields, 'end_date');
  const start = startRaw === undefined ? null : parseDateParam('start_date', startRaw, tz);
  const end = endRaw === undefined ? null : parseDateParam('end_date', endRaw, tz, true);
  // The default window starts on a whole minute, so repeated polls are the same query.
  if (start === null && end === null) {
    return updatedFilter
      ? [null, null]
      : [new Date(Math.floor((now.getTime() - MAX_WINDOW_DAYS * DAY_MS) / 60000) * 60000), null];
  }
  const from = start ?? new Date((end as Date).getTime() - MAX_WINDOW_DAYS * DAY_MS);
  const to = end ?? now;
  if (to < from) throw badRequest('end_date is before start_date');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS + DAY_MS) {
    throw badRequest(`start_date and end_date may span at most ${MAX_WINDOW_DAYS} days; ask for consecutive windows`);
  }
  return [from, end];
}

/** Turns GET requests parameters into a filter, naming the parameter in every error. */
export function parseRequestQuery(
  fields: Fields,
  catalogue: Catalogue,
  jurisdiction: Jurisdiction,
  now = new Date(),
): RequestFilter {
  const tz = jurisdiction.timezone;
  const pageSize = integer('page_size', firstOf(fields, 'page_size', 'per_page'), 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = integer('page', first(fields, 'page'), 1, 1000000, 1);
  const ids = list(first(fields, 'service_request_id'));
  const base = { jurisdictionId: jurisdiction.id, page, pageSize };
  if (ids !== null) {
    return {
      ...base,
      ids,
      serviceIds: null,
      statuses: null,
      requestedFrom: null,
      requestedTo: null,
      updatedAfter: null,
      updatedBefore: null,
      bbox: null,
      near: null,
      text: null,
    };
  }
  const updatedAfterRaw = first(fields, 'updated_after');
  const updatedBeforeRaw = first(fields, 'updated_before');
  const updatedAfter = updatedAfterRaw === undefined ? null : parseDateParam('updated_after', updatedAfterRaw, tz);
  const updatedBefore =
    updatedBeforeRaw === undefined ? null : parseDateParam('updated_before', updatedBeforeRaw, tz, true);
  const [requestedFrom, requestedTo] = requestedWindow(
    fields,
    tz,
    now,
    updatedAfter !== null || updatedBefore !== null,
  );
  const text = firstOf(fields, 'search', 'q') ?? null;
  if (text !== null && (text.length < 2 || text.length > 200)) throw badRequest('search must be 2 to 200 characters');
  return {
    ...base,
    ids: null,
    serviceIds: parseServiceIds(catalogue, jurisdiction, first(fields, 'service_code')),
    statuses: parseStatuses(first(fields, 'status')),
    requestedFrom,
    requestedTo,
    updatedAfter,
    updatedBefore,
    bbox: parseBbox(first(fields, 'bbox')),
    near: parseNear(fields),
    text,
  };
}

/** `extensions=true|all|<list>` switches extended_attributes on; `false`/`0` or absent keeps core only. */
export function wantsExtensions(fields: Fields): boolean {
  const value = first(fields, 'extensions');
  return value !== undefined && value !== 'false' && value !== '0';
}
