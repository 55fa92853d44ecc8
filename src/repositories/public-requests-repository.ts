import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';
import type { RequestFilter } from '../domain/request-filter';
import type { CountCache } from '../domain/count-cache';
import { PUBLIC_EVENTS, publicRequestColumns, type PublicEventRow, type PublicRequestRow } from './public-scope';

/** Every read here is from the public_request view (public-scope.ts): the gate is in the view. */
const COLUMNS = publicRequestColumns('r');

// Public ids are unique across the deployment: without a city the id alone finds the request.
const ONE = `SELECT ${COLUMNS}, r.jurisdiction_id FROM public_request r
              WHERE r.public_id = $1 AND ($2::text IS NULL OR r.jurisdiction_id = $2::text)`;

/** A row together with the city it belongs to. */
export type InCity<R> = R & { jurisdiction_id: string };

/**
 * One public request by its public id, in the given city or (null) in any; null when unknown
 * or not public (docs/open311-dialect.md §15.1).
 */
export async function findPublicRequest(
  pool: Pool,
  jurisdictionId: string | null,
  publicId: string,
): Promise<InCity<PublicRequestRow> | null> {
  const result = await pool.query<InCity<PublicRequestRow>>({
    name: 'public-request-by-id-in-city',
    text: ONE,
    values: [publicId, jurisdictionId],
  });
  return result.rows[0] ?? null;
}

function whereClause(filter: RequestFilter): { where: string; values: unknown[]; point: string | null } {
  const values: unknown[] = [filter.jurisdictionId];
  const add = (value: unknown) => `$${values.push(value)}`;
  const parts = [`r.jurisdiction_id = $1`];
  let point: string | null = null;
  if (filter.ids) {
    parts.push(`r.public_id = ANY(${add(filter.ids)}::text[])`);
    return { where: parts.join(' AND '), values, point };
  }
  // One category (the common case) as `=`, so the planner picks the per-service index.
  if (filter.serviceIds?.length === 1) parts.push(`r.service_id = ${add(filter.serviceIds[0])}`);
  else if (filter.serviceIds) parts.push(`r.service_id = ANY(${add(filter.serviceIds)}::int[])`);
  if (filter.statuses) parts.push(`r.status = ANY(${add(filter.statuses)}::text[])`);
  if (filter.requestedFrom) parts.push(`r.requested_at >= ${add(filter.requestedFrom)}`);
  if (filter.requestedTo) parts.push(`r.requested_at <= ${add(filter.requestedTo)}`);
  if (filter.updatedAfter) parts.push(`r.updated_at > ${add(filter.updatedAfter)}`);
  if (filter.updatedBefore) parts.push(`r.updated_at < ${add(filter.updatedBefore)}`);
  if (filter.bbox) {
    const b = filter.bbox;
    parts.push(
      `r.geom && ST_MakeEnvelope(${add(b.minLon)}, ${add(b.minLat)}, ${add(b.maxLon)}, ${add(b.maxLat)}, 4326)`,
    );
  }
  if (filter.near) {
    point = `ST_SetSRID(ST_MakePoint(${add(filter.near.long)}::float8, ${add(filter.near.lat)}::float8), 4326)::geography`;
    // Exactly the indexed expression (geom::geography) so the GiST index is used; on the sphere
    // (use_spheroid false): city-scale distances within ~0.3 %, at a fraction of the cost.
    parts.push(`ST_DWithin(r.geom::geography, ${point}, ${add(filter.near.radius)}::float8, false)`);
  }
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The view's title and description are the public texts: this is the expression of the GIN
    // index service_request_text once PostgreSQL has inlined the view.
    parts.push(
      `(coalesce(r.title, '') || ' ' || coalesce(r.description, '') || ' ' || coalesce(r.address, '')) ILIKE ${add(pattern)}`,
    );
  }
  return { where: parts.join(' AND '), values, point };
}

const statementNames = new Map<string, string>();

/**
 * A named (prepared) statement per distinct query shape: the filters present decide the text,
 * so there are at most a few hundred shapes, and each is parsed and planned once per connection.
 */
function prepared(text: string, values: unknown[]): QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `list-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

/**
 * What a page reads besides the public columns. The distance from `near` is shown only in
 * extended_attributes; measuring it for every row cost a radius search ~10–20 % of PostgreSQL's
 * time (docs/benchmarks.md, "Bbox and radius: a second look"), so it is read only when shown.
 */
export type ListOptions = { distance: boolean };

/**
 * One page of public requests, newest first with a stable tiebreak, and the total count. The
 * count query runs only when the page is full: otherwise the total follows from the page.
 */
export async function listPublicRequests(
  pool: Pool,
  filter: RequestFilter,
  counts: CountCache,
  options: ListOptions,
): Promise<{ rows: PublicRequestRow[]; total: number }> {
  const { where, values, point } = whereClause(filter);
  const distance = point && options.distance ? `, ST_Distance(r.geom::geography, ${point}, false) AS distance` : '';
  const offset = (filter.page - 1) * filter.pageSize;
  const list = `SELECT ${COLUMNS}${distance} FROM public_request r WHERE ${where}
                 ORDER BY r.requested_at DESC, r.id DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`;
  const rows = (await pool.query<PublicRequestRow>(prepared(list, [...values, filter.pageSize, offset]))).rows;
  if (rows.length > 0 && rows.length < filter.pageSize) return { rows, total: offset + rows.length };
  const count = `SELECT count(*)::int AS total FROM public_request r WHERE ${where}`;
  const total = await counts.get(`${where}\u0000${JSON.stringify(values)}`, async () => {
    return (await pool.query<{ total: number }>(prepared(count, values))).rows[0].total;
  });
  return { rows, total };
}

/** Public history entries of the given public requests (only for `extensions=true`), by request. */
export async function publicEvents(pool: Pool, rows: PublicRequestRow[]): Promise<Map<string, PublicEventRow[]>> {
  const byRequest = new Map<string, PublicEventRow[]>();
  if (rows.length === 0) return byRequest;
  const result = await pool.query<PublicEventRow>(PUBLIC_EVENTS, [rows.map((row) => row.id)]);
  for (const row of result.rows) {
    const list = byRequest.get(row.request_id) ?? [];
    list.push(row);
    byRequest.set(row.request_id, list);
  }
  return byRequest;
}

/** The newest public requests matching the filter, without paging or a count (feeds). */
export async function newestPublicRequests(
  pool: Pool,
  filter: RequestFilter,
  limit: number,
): Promise<PublicRequestRow[]> {
  const { where, values } = whereClause(filter);
  const text = `SELECT ${COLUMNS} FROM public_request r WHERE ${where}
                 ORDER BY r.requested_at DESC, r.id DESC LIMIT $${values.length + 1}`;
  return (await pool.query<PublicRequestRow>(prepared(text, [...values, limit]))).rows;
}
