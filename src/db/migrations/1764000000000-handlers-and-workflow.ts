import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handlers' admin API (docs/domain-model.md §11). A handler is a person with one role and department
 * memberships; how they prove who they are lives apart in `handler_credential`, so an OpenID
 * Connect sign-in adds rows of kind `oidc` (issuer + subject) without touching `handler`.
 * Requests gain a responsible department and an assignee; events gain who wrote them
 * (never selected by a public query) and structured details for the audit log.
 */
export class HandlersAndWorkflow1764000000000 implements MigrationInterface {
  name = 'HandlersAndWorkflow1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE handler (
        id serial PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL DEFAULT '',
        role text NOT NULL CHECK (role IN ('admin','handler','viewer')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX handler_email ON handler (lower(email))`);
    await q.query(`
      CREATE TABLE handler_department (
        handler_id int NOT NULL REFERENCES handler(id) ON DELETE CASCADE,
        department_id int NOT NULL REFERENCES department(id) ON DELETE CASCADE,
        PRIMARY KEY (handler_id, department_id)
      )`);
    await q.query(`
      CREATE TABLE handler_credential (
        id serial PRIMARY KEY,
        handler_id int NOT NULL REFERENCES handler(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('token','oidc')),
        secret_hash text UNIQUE,
        issuer text,
        subject text,
        label text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        UNIQUE (issuer, subject),
        CHECK ((kind = 'token') = (secret_hash IS NOT NULL)),
        CHECK ((kind = 'oidc') = (issuer IS NOT NULL AND subject IS NOT NULL))
      )`);
    await q.query(`
      ALTER TABLE service_request
        ADD COLUMN department_id int REFERENCES department(id),
        ADD COLUMN assignee_id int REFERENCES handler(id)`);
    await q.query(`
      ALTER TABLE request_event
        ADD COLUMN handler_id int REFERENCES handler(id),
        ADD COLUMN data jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE service ADD COLUMN estimate_seconds int`);
    await q.query(`
      UPDATE service_request r SET department_id = s.department_id
        FROM service s WHERE s.id = r.service_id AND s.department_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX service_request_department ON service_request (department_id, requested_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX service_request_closed ON service_request (service_id, closed_at DESC) WHERE closed_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX service_request_assignee ON service_request (assignee_id) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX request_event_public ON request_event (created_at, id) WHERE public`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS request_event_public`);
    await q.query(`ALTER TABLE service DROP COLUMN IF EXISTS estimate_seconds`);
    await q.query(`ALTER TABLE request_event DROP COLUMN IF EXISTS data, DROP COLUMN IF EXISTS handler_id`);
    await q.query(`ALTER TABLE service_request DROP COLUMN IF EXISTS assignee_id, DROP COLUMN IF EXISTS department_id`);
    for (const table of ['handler_credential', 'handler_department', 'handler']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
