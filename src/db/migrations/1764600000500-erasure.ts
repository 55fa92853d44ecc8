import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure and retention (docs/retention.md). `erased_at`: an admin erased the request's personal
 * data (contact details, original texts, unpublished photos); the original description may
 * then be null. `contact_erased_at`: its contact details are gone, by that erasure or by the
 * retention job. The retention job looks for closed requests whose contact details are still
 * there, oldest closure first: a partial index of exactly those. The statistics count the
 * erasure events by time: a partial index of those events.
 */
export class Erasure1764600000500 implements MigrationInterface {
  name = 'Erasure1764600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_request
        ADD COLUMN erased_at timestamptz,
        ADD COLUMN contact_erased_at timestamptz,
        ALTER COLUMN description_original DROP NOT NULL`);
    await q.query(`
      CREATE INDEX service_request_retention ON service_request (closed_at, id)
        WHERE closed_at IS NOT NULL AND contact_erased_at IS NULL`);
    // The statistics count erasures by the time they were done (src/repositories/admin/statistics-erasure.ts).
    await q.query(`
      CREATE INDEX request_event_erasure ON request_event (created_at)
        WHERE kind IN ('erased', 'contact_erased')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS request_event_erasure`);
    await q.query(`DROP INDEX IF EXISTS service_request_retention`);
    await q.query(`UPDATE service_request SET description_original = '' WHERE description_original IS NULL`);
    await q.query(`
      ALTER TABLE service_request
        ALTER COLUMN description_original SET NOT NULL,
        DROP COLUMN contact_erased_at,
        DROP COLUMN erased_at`);
  }
}
