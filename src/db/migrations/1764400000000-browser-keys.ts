import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser keys (docs/api.md, "Browser keys"): an API key placed in a city web page is public, so
 * it can be bound to the origins of the pages that may use it. `allowed_origins` NULL is a
 * server-side key, which works as before; a list makes it a browser key (never an empty list).
 * The accounts' audit log gains `client_updated` for changing a client's name or origins.
 */
export class BrowserKeys1764400000000 implements MigrationInterface {
  name = 'BrowserKeys1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE application ADD COLUMN allowed_origins text[],
        ADD CONSTRAINT application_allowed_origins_check
          CHECK (allowed_origins IS NULL OR cardinality(allowed_origins) > 0)`);
    await q.query(`ALTER TABLE account_event DROP CONSTRAINT account_event_kind_check`);
    await q.query(`
      ALTER TABLE account_event ADD CONSTRAINT account_event_kind_check
        CHECK (kind IN ('handler_created','handler_updated','token_issued','token_revoked',
                        'client_created','client_revoked','client_updated'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM account_event WHERE kind = 'client_updated'`);
    await q.query(`ALTER TABLE account_event DROP CONSTRAINT account_event_kind_check`);
    await q.query(`
      ALTER TABLE account_event ADD CONSTRAINT account_event_kind_check
        CHECK (kind IN ('handler_created','handler_updated','token_issued','token_revoked',
                        'client_created','client_revoked'))`);
    await q.query(`ALTER TABLE application DROP COLUMN allowed_origins`);
  }
}
