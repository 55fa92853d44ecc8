import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes measured with `npm run bench` on 1 000 000 requests (docs/benchmarks.md):
 * - spatial + time GiST (btree_gist): bbox and radius inside the 90-day window no longer
 *   AND a GiST scan with 90k entries of the time index (14–24 ms → ~0.5 ms);
 * - per-service list with the id tiebreak, so one category's page needs no sort;
 * - a partial covering index of public rows for X-Result-Count (index-only count);
 * - duplicate_of, so deleting a request does not scan the table for references.
 */
export class QueryIndexes1763900000000 implements MigrationInterface {
  name = 'QueryIndexes1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`DROP INDEX service_request_geom`);
    await q.query(`DROP INDEX service_request_geog`);
    await q.query(`CREATE INDEX service_request_geom_time ON service_request USING gist (geom, requested_at)`);
    await q.query(
      `CREATE INDEX service_request_geog_time ON service_request USING gist ((geom::geography), requested_at)`,
    );
    await q.query(`DROP INDEX service_request_service_requested`);
    await q.query(
      `CREATE INDEX service_request_service_requested ON service_request (service_id, requested_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE INDEX service_request_public_requested ON service_request (jurisdiction_id, requested_at DESC)
        INCLUDE (service_id) WHERE visibility = 'public' AND publication_consent`);
    await q.query(
      `CREATE INDEX service_request_duplicate_of ON service_request (duplicate_of) WHERE duplicate_of IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_duplicate_of`);
    await q.query(`DROP INDEX service_request_public_requested`);
    await q.query(`DROP INDEX service_request_service_requested`);
    await q.query(`CREATE INDEX service_request_service_requested ON service_request (service_id, requested_at DESC)`);
    await q.query(`DROP INDEX service_request_geog_time`);
    await q.query(`DROP INDEX service_request_geom_time`);
    await q.query(`CREATE INDEX service_request_geom ON service_request USING gist (geom)`);
    await q.query(`CREATE INDEX service_request_geog ON service_request USING gist ((geom::geography))`);
  }
}
