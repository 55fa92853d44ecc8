import { badRequest, notFound } from './errors';
import { first, type Fields } from './fields';
import type { Catalogue, Jurisdiction } from './catalogue';
import { parseDateParam } from './dates';
import { listParam, numberParam, pagingOf, textParam, type Params } from './params';
import type { RequestFilter } from './request-filter';

export const MAX_WINDOW_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

function coordinate(name: string, value: number, limit: number): number {
  if (Math.abs(value) > limit) throw badRequest(`${name} must be a decimal number from -${limit} to ${limit} (WGS84)`);
  return value;
}

/**
 * A `bbox` whose form the parameter layer has checked (four numbers, `BboxInput`): each
 * corner within WGS84, and the corners in either order.
 */
export function parseBbox(value: string | undefined): RequestFilter['bbox'] {
  if (value === undefined) return null;
  const parts = value.split(/[,;]/).map((p) => Number(p.trim()));
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

/** `lat`, `long` and `radius` are one proximity search: all three or none. */
function parseNear(params: Params): RequestFilter['near'] {
  const [lat, long, radius] = [numberParam(params, 'lat'), numberParam(params, 'long'), numberParam(params, 'radius')];
  if (lat === undefined && long === undefined && radius === undefined) return null;
  if (lat === undefined || long === undefined || radius === undefined) {
    throw badRequest('lat, long and radius must be given together for a proximity search');
  }
  return { lat, long, radius };
}

function parseServiceIds(catalogue: Catalogue, jurisdiction: Jurisdiction, codes: string[] | null): number[] | null {
  if (codes === null) return null;
  const services = catalogue.services.get(jurisdiction.id) ?? [];
  return codes.map((code) => {
    const service = services.find((s) => s.code === code);
    if (!service) throw notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);
    return service.id;
  });
}

const dateParam = (params: Params, name: string, tz: string, endOfDay = false): Date | null => {
  const value = textParam(params, name);
  return value === undefined ? null : parseDateParam(name, value, tz, endOfDay);
};

/**
 * Requested-time window: both bounds inclusive; without dates the last 90 days (or no window
 * when updated_after/updated_before select the changes). Never a silent cut: >90 days is a 400.
 */
function requestedWindow(params: Params, tz: string, now: Date, updatedFilter: boolean): [Date | null, Date | null] {
  const start = dateParam(params, 'start_date', tz);
  const end = dateParam(params, 'end_date', tz, true);
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

/**
 * Turns GET requests parameters (checked by the parameter layer against `getRequests`) into a
 * filter: the rules here span several parameters (ids override the rest, the 90-day window,
 * the proximity triple) or need the catalogue.
 */
export function parseRequestQuery(
  params: Params,
  catalogue: Catalogue,
  jurisdiction: Jurisdiction,
  now = new Date(),
): RequestFilter {
  const tz = jurisdiction.timezone;
  const ids = listParam(params, 'service_request_id');
  const base = { jurisdictionId: jurisdiction.id, ...pagingOf(params) };
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
  const updatedAfter = dateParam(params, 'updated_after', tz);
  const updatedBefore = dateParam(params, 'updated_before', tz, true);
  const [requestedFrom, requestedTo] = requestedWindow(
    params,
    tz,
    now,
    updatedAfter !== null || updatedBefore !== null,
  );
  return {
    ...base,
    ids: null,
    serviceIds: parseServiceIds(catalogue, jurisdiction, listParam(params, 'service_code')),
    statuses: listParam(params, 'status') as RequestFilter['statuses'],
    requestedFrom,
    requestedTo,
    updatedAfter,
    updatedBefore,
    bbox: parseBbox(textParam(params, 'bbox')),
    near: parseNear(params),
    text: textParam(params, 'search') ?? null,
  };
}

/** `extensions=true|all|<list>` switches extended_attributes on; `false`/`0` or absent keeps core only. */
export function wantsExtensions(fields: Fields): boolean {
  const value = first(fields, 'extensions');
  return value !== undefined && value !== 'false' && value !== '0';
}
