import type { Pool } from 'pg';
import { SIMILAR_CANDIDATES, SIMILAR_TEXT_CHARS, type SimilarQuery } from '../domain/parse-similar-query';
import { publicRequestColumns, type PublicRequestRow } from './public-scope';
import { withStatementTimeout } from './statement-timeout';

export type SimilarRow = PublicRequestRow & { distance: number; similarity: number | null; score: number };

/**
 * Open public requests of the same category within the radius, ranked by closeness and, when
 * text is given, pg_trgm similarity of the public text: score = (1 − distance/radius) without
 * text, or the mean of that and the similarity with it.
 *
 * The work is bounded whatever the caller sends (docs/residents.md: Already reported?): only the
 * SIMILAR_CANDIDATES nearest requests (GiST nearest-neighbour order on geom::geography) are
 * ranked, both texts are cut to their first SIMILAR_TEXT_CHARS characters before pg_trgm sees
 * them, and the public columns (with their sub-selects) are read for the returned rows only.
 *
 * Both steps read the public_request view (the gate, public-scope.ts). PostgreSQL inlines it, so
 * the candidates still come from the partial index service_request_similar, whose condition the
 * view's rule implies.
 */
const SIMILAR_SQL = `
  WITH p AS (SELECT ST_SetSRID(ST_MakePoint($3::float8, $2::float8), 4326)::geography AS g),
  near AS (
    SELECT r.id, r.requested_at, ST_Distance(r.geom::geography, p.g, false) AS distance,
           left(coalesce(r.title, '') || ' ' || coalesce(r.description, ''), ${SIMILAR_TEXT_CHARS}) AS text
      FROM public_request r, p
     WHERE r.jurisdiction_id = $1 AND r.service_id = $6 AND r.status = 'open'
       AND ST_DWithin(r.geom::geography, p.g, $4::float8, false)
     ORDER BY r.geom::geography <-> p.g
     LIMIT ${SIMILAR_CANDIDATES}),
  scored AS MATERIALIZED (
    SELECT near.*, CASE WHEN $5::text IS NULL THEN NULL ELSE similarity(near.text, $5::text) END AS similarity
      FROM near),
  ranked AS (
    SELECT id, requested_at, distance, similarity,
           CASE WHEN similarity IS NULL THEN 1 - distance / $4::float8
                ELSE ((1 - distance / $4::float8) + similarity) / 2 END AS score
      FROM scored
     ORDER BY score DESC, requested_at DESC, id DESC
     LIMIT $7)
  SELECT ${publicRequestColumns('r')}, ranked.distance, ranked.similarity, ranked.score
    FROM public_request r JOIN ranked ON ranked.id = r.id
   ORDER BY ranked.score DESC, ranked.requested_at DESC, ranked.id DESC`;

/** Runs the bounded similarity query under its own statement timeout (503 when it runs out). */
export async function findSimilarRequests(pool: Pool, query: SimilarQuery, timeoutMs: number): Promise<SimilarRow[]> {
  return withStatementTimeout(pool, timeoutMs, async (client) => {
    const result = await client.query<SimilarRow>({
      name: 'similar-requests',
      text: SIMILAR_SQL,
      values: [query.jurisdictionId, query.lat, query.long, query.radius, query.text, query.serviceId, query.limit],
    });
    return result.rows;
  });
}
