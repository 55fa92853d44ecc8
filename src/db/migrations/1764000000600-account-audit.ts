import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accounts' audit log (docs/domain-model.md §11): who created or changed which handler,
 * issued or revoked which token, created or revoked which client application. Like the
 * catalogue's log it lives apart from request events, which belong to a request.
 * `handler_id` is who acted (null: the command line), as in the other audit logs.
 */
export class AccountAudit1764000000600 implements MigrationInterface {
  name = 'AccountAudit1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_event (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        handler_id int REFERENCES handler(id),
        kind text NOT NULL CHECK (kind IN ('handler_created','handler_updated','token_issued','token_revoked',
                                           'client_created','client_revoked')),
        target_handler_id int REFERENCES handler(id) ON DELETE CASCADE,
        credential_id int REFERENCES handler_credential(id) ON DELETE CASCADE,
        application_id int REFERENCES application(id) ON DELETE CASCADE,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(
      `CREATE INDEX account_event_target ON account_event (target_handler_id, id) WHERE target_handler_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS account_event`);
  }
}
