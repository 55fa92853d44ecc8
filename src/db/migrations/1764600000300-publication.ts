import { MigrationInterface, QueryRunner } from 'typeorm';
import { PublicViews1764300000000 } from './1764300000000-public-views';

/**
 * A resident's nickname shown with a public request (docs/publication.md §2). The nickname is
 * kept for the record when a handler removes it (`nickname_removed_at`); the public_request view
 * gains one column, `nickname`, which is the nickname only while it is not removed. The view's
 * rule and every other column are exactly those of 1764300000000-public-views.ts;
 * CREATE OR REPLACE VIEW may only add columns at the end, so the dependent views stay as they are.
 */
const GATE = (r: string, s: string) =>
  `${r}.visibility = 'public' AND ${r}.publication_consent AND NOT ${s}.never_public`;

const w3c = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export class Publication1764600000300 implements MigrationInterface {
  name = 'Publication1764600000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_request
        ADD COLUMN nickname text,
        ADD COLUMN nickname_removed_at timestamptz`);
    await q.query(`
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
             ARRAY(SELECT m.public_id FROM media m
                    WHERE m.request_id = r.id AND m.published ORDER BY m.position) AS photo_ids,
             CASE WHEN r.nickname_removed_at IS NULL THEN r.nickname END AS nickname
        FROM service_request r JOIN service s ON s.id = r.service_id
       WHERE ${GATE('r', 's')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    const views = new PublicViews1764300000000();
    await views.down(q);
    await views.up(q);
    await q.query(`ALTER TABLE service_request DROP COLUMN nickname_removed_at, DROP COLUMN nickname`);
  }
}
