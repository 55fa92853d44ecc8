import type { Pool } from 'pg';
import type { SimilarQuery } from '../domain/parse-similar-query';
import { PUBLIC_COLUMNS, PUBLIC_FROM, PUBLIC_WHERE, type PublicRequestRow } from './public-scope';

export type SimilarRow = PublicRequestRow & { distance: number; similarity: number | null; score: number };

/**
 * Open public requests of the same category within the radius (GiST on geom::geography),
 * ranked by closeness and, when text is given, pg_trgm similarity of the public text:
 * score = (1 − distance/radius) without text, or the mean of that and the similarity with it.
 */
const SIMILAR = `
  WITH p AS (SELECT ST_SetSRID(ST_MakePoint($3::float8, $2::float8), 4326)::geography AS g),
  near AS (
    SELECT ${PUBLIC_COLUMNS},
           ST_Distance(r.geom::geography, p.g, false) AS distance,
           CASE WHEN $5::text IS NULL THEN NULL
                ELSE similarity(coalesce(r.title_public, '') || ' ' || coalesce(r.description_public, ''), $5::text)
           END AS similarity
      FROM ${PUBLIC_FROM}, p
     WHERE r.jurisdiction_id = $1 AND ${PUBLIC_WHERE} AND r.service_id = $6 AND r.status = 'open'
       AND ST_DWithin(r.geom::geography, p.g, $4::float8, false))
  SELECT *, CASE WHEN similarity IS NULL THEN 1 - distance / $4::float8
                 ELSE ((1 - distance / $4::float8) + similarity) / 2 END AS score
    FROM near
   ORDER BY score DESC, requested DESC, id DESC
   LIMIT $7`;

export async function findSimilarRequests(pool: Pool, query: SimilarQuery): Promise<SimilarRow[]> {
  const result = await pool.query<SimilarRow>({
    name: 'similar-requests',
    text: SIMILAR,
    values: [query.jurisdictionId, query.lat, query.long, query.radius, query.text, query.serviceId, query.limit],
  });
  return result.rows;
}
