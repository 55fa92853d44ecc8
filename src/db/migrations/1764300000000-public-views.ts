import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The privacy gate in the database (docs/privacy-gate.md): three views hold the rule (consent,
 * visibility `public`, category not never-public) and the only columns the public may read.
 * Every public read selects from them, never from the base tables.
 *
 * They are plain views so that PostgreSQL inlines them into each query: the rule's conditions
 * then meet the partial indexes (`service_request_public_requested`, `service_request_similar`),
 * filters on `geom`, `requested_at`, `updated_at` and `service_id` reach the GiST and b-tree
 * indexes, and columns a query does not name (the sub-selects for photos and the parent) are
 * never computed. Not `security_barrier`: that would stop filters from reaching the indexes.
 *
 * `requested_at`/`updated_at` and `geom` are there for filtering and ordering; the presenter
 * reads the W3C texts and `lat`/`long`. `id` is the internal row id, for the public history
 * and the order's tiebreak, never presented.
 */
const GATE = (r: string, s: string) =>
  `${r}.visibility = 'public' AND ${r}.publication_consent AND NOT ${s}.never_public`;

const w3c = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export class PublicViews1764300000000 implements MigrationInterface {
  name = 'PublicViews1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW public_request AS
      SELECT r.id, r.public_id, r.jurisdiction_id, r.service_id, r.status, r.detailed_status, r.status_notes,
             r.title_public AS title, r.description_public AS description, r.agency_responsible, r.service_notice,
             r.requested_at, r.updated_at,
             ${w3c('r.requested_at')} AS requested, ${w3c('r.updated_at')} AS updated,
             ${w3c('r.expected_at')} AS expected,
             r.address, r.address_id, r.zipcode, r.geom, ST_Y(r.geom) AS lat, ST_X(r.geom) AS long, r.media_urls,
             r.duplicate_of IS NOT NULL AS duplicate,
             (SELECT p.public_id FROM service_request p JOIN service ps ON ps.id = p.service_id
               WHERE p.id = r.duplicate_of AND ${GATE('p', 'ps')}) AS parent_id,
             ARRAY(SELECT m.public_id FROM media m
                    WHERE m.request_id = r.id AND m.published ORDER BY m.position) AS photo_ids
        FROM service_request r JOIN service s ON s.id = r.service_id
       WHERE ${GATE('r', 's')}`);
    await q.query(`
      CREATE VIEW public_request_event AS
      SELECT e.id, e.request_id, pr.public_id AS request_public_id, pr.jurisdiction_id, e.kind,
             e.detailed_status, e.note, e.created_at, ${w3c('e.created_at')} AS time
        FROM request_event e JOIN public_request pr ON pr.id = e.request_id
       WHERE e.public AND e.detailed_status IS NOT NULL`);
    await q.query(`
      CREATE VIEW public_media AS
      SELECT m.public_id, m.request_id, m.position, m.storage_key, m.thumbnail_key
        FROM media m JOIN public_request pr ON pr.id = m.request_id
       WHERE m.published`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS public_media`);
    await q.query(`DROP VIEW IF EXISTS public_request_event`);
    await q.query(`DROP VIEW IF EXISTS public_request`);
  }
}
