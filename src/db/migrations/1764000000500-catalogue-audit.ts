import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue's audit log (docs/domain-model.md §11): who created or changed which service or
 * department, when, and with what body. Request events cannot hold these (they belong to a
 * request), and the catalogue is small enough that every change fits as one row.
 */
export class CatalogueAudit1764000000500 implements MigrationInterface {
  name = 'CatalogueAudit1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalogue_event (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        handler_id int REFERENCES handler(id),
        jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
        kind text NOT NULL
          CHECK (kind IN ('service_created','service_updated','department_created','department_updated')),
        service_id int REFERENCES service(id) ON DELETE CASCADE,
        department_id int REFERENCES department(id) ON DELETE CASCADE,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(
      `CREATE INDEX catalogue_event_service ON catalogue_event (service_id, id) WHERE service_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS catalogue_event`);
  }
}
