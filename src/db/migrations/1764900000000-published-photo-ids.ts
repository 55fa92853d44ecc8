import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public ids of a request's published photos, kept on the request itself
 * (`published_photo_ids`, in `position` order) instead of gathered from `media` for every row the
 * public_request view returns: that subquery was ~40 % of PostgreSQL's time for a list page
 * (docs/benchmarks.md, "Photo ids on the request"). Statement triggers on `media` keep it: every
 * insert, update or delete of photos recomputes the arrays of the requests they belong to, after
 * locking those requests, so two transactions changing photos of one request cannot leave an
 * array that misses the other's change. The view's rule and columns are unchanged
 * (1764600000300-publication.ts); only where `photo_ids` comes from moves.
 */
const GATE = (r: string, s: string) =>
  `${r}.visibility = 'public' AND ${r}.publication_consent AND NOT ${s}.never_public`;

const w3c = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const PUBLISHED = (request: string) =>
  `ARRAY(SELECT m.public_id FROM media m WHERE m.request_id = ${request} AND m.published ORDER BY m.position)`;

/** The view of 1764600000300-publication.ts, `photo_ids` taken from `photoIds`. */
const publicRequestView = (photoIds: string) => `
  CREATE OR REPLACE VIEW public_request AS
  SELECT r.id, r.public_id, r.jurisdiction_id, r.service_id, r.status, r.detailed_status, r.status_notes,
         r.title_public AS title, r.description_public AS description, r.agency_responsible, r.service_notice,
         r.requested_at, r.updated_at,
         ${w3c('r.requested_at')} AS requested, ${w3c('r.updated_at')} AS updated,
         ${w3c('r.expected_at')} AS expected,
         r.address, r.address_id, r.zipcode, r.geom, ST_Y(r.geom) AS lat, ST_X(r.geom) AS long, r.media_urls,
         r.duplicate_of IS NOT NULL AS duplicate,
         (SELECT p.public_id FROM service_request p JOIN service ps ON ps.id = p.service_id
           WHERE p.id = r.duplicate_of AND ${GATE('p', 'ps')}) AS parent_id,
         ${photoIds} AS photo_ids,
         CASE WHEN r.nickname_removed_at IS NULL THEN r.nickname END AS nickname
    FROM service_request r JOIN service s ON s.id = r.service_id
   WHERE ${GATE('r', 's')}`;

const TRIGGERS = [
  ['media_photos_inserted', 'INSERT', 'NEW'],
  ['media_photos_updated', 'UPDATE', 'NEW'],
  ['media_photos_deleted', 'DELETE', 'OLD'],
] as const;

export class PublishedPhotoIds1764900000000 implements MigrationInterface {
  name = 'PublishedPhotoIds1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_request ADD COLUMN published_photo_ids text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE service_request r SET published_photo_ids = p.ids
        FROM (SELECT request_id, array_agg(public_id ORDER BY position) AS ids
                FROM media WHERE published GROUP BY request_id) p
       WHERE p.request_id = r.id`);
    await q.query(`
      CREATE FUNCTION service_request_photos_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Locked first: the UPDATE below then reads media with a snapshot taken after any other
        -- writer of these requests' photos has committed.
        PERFORM 1 FROM service_request r WHERE r.id IN (SELECT request_id FROM changed_photos)
          ORDER BY r.id FOR NO KEY UPDATE;
        UPDATE service_request r SET published_photo_ids = ${PUBLISHED('r.id')}
         WHERE r.id IN (SELECT request_id FROM changed_photos)
           AND r.published_photo_ids IS DISTINCT FROM ${PUBLISHED('r.id')};
        RETURN NULL;
      END $$`);
    for (const [name, event, table] of TRIGGERS) {
      await q.query(`
        CREATE TRIGGER ${name} AFTER ${event} ON media REFERENCING ${table} TABLE AS changed_photos
          FOR EACH STATEMENT EXECUTE FUNCTION service_request_photos_changed()`);
    }
    await q.query(publicRequestView('r.published_photo_ids'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(publicRequestView(PUBLISHED('r.id')));
    for (const [name] of TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${name} ON media`);
    await q.query(`DROP FUNCTION IF EXISTS service_request_photos_changed()`);
    await q.query(`ALTER TABLE service_request DROP COLUMN published_photo_ids`);
  }
}
