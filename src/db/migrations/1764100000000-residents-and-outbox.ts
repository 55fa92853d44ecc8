import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents follow their feedback (docs/domain-model.md §10, §12). A request sent with a verified resident JWT
 * records the token's issuer and subject next to the other contact details (never public).
 * Outgoing e-mail is written to `outbox` in the same transaction as the change it reports;
 * a worker delivers it at least once under its stable `message_id`.
 */
export class ResidentsAndOutbox1764100000000 implements MigrationInterface {
  name = 'ResidentsAndOutbox1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_contact ADD COLUMN resident_issuer text, ADD COLUMN resident_subject text`);
    await q.query(`
      CREATE INDEX request_contact_resident ON request_contact (resident_issuer, resident_subject, request_id DESC)
       WHERE resident_subject IS NOT NULL`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        request_id bigint REFERENCES service_request(id) ON DELETE CASCADE,
        kind text NOT NULL,
        locale text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        sent_at timestamptz,
        failed_at timestamptz
      )`);
    await q.query(`
      CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL`);
    await q.query(`CREATE INDEX outbox_request ON outbox (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox`);
    await q.query(`DROP INDEX IF EXISTS request_contact_resident`);
    await q.query(
      `ALTER TABLE request_contact DROP COLUMN IF EXISTS resident_subject, DROP COLUMN IF EXISTS resident_issuer`,
    );
  }
}
