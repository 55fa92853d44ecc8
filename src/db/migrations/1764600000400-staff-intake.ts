import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff intake and inbox sorting (docs/staff-intake.md):
 * - a request a handler took in for a resident (phone, e-mail, letter, service desk) records the
 *   channel and the handler; both are null for a request the resident sent through a client.
 *   Private to handlers: the public views (migration 1764300000000) name neither column;
 * - the inbox sorted by deadline or by last change walks a department's index (or the city's,
 *   for an admin) instead of sorting all of its requests. Plain ascending keys: PostgreSQL reads
 *   them backwards for the descending order, NULL deadlines last ascending and first descending.
 *   An admin's list by last change has the city's (jurisdiction_id, updated_at DESC) already.
 */
export class StaffIntake1764600000400 implements MigrationInterface {
  name = 'StaffIntake1764600000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_request
        ADD COLUMN intake_channel text CHECK (intake_channel IN ('phone', 'email', 'letter', 'service_desk', 'other')),
        ADD COLUMN intake_handler_id int REFERENCES handler(id),
        ADD CONSTRAINT service_request_intake_check CHECK ((intake_channel IS NULL) = (intake_handler_id IS NULL))`);
    await q.query(
      `CREATE INDEX service_request_department_deadline ON service_request (department_id, deadline_at, id)`,
    );
    await q.query(`CREATE INDEX service_request_department_updated ON service_request (department_id, updated_at, id)`);
    await q.query(
      `CREATE INDEX service_request_jurisdiction_deadline ON service_request (jurisdiction_id, deadline_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['department_deadline', 'department_updated', 'jurisdiction_deadline']) {
      await q.query(`DROP INDEX IF EXISTS service_request_${index}`);
    }
    await q.query(`
      ALTER TABLE service_request DROP CONSTRAINT IF EXISTS service_request_intake_check,
        DROP COLUMN IF EXISTS intake_handler_id, DROP COLUMN IF EXISTS intake_channel`);
  }
}
