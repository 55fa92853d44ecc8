import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handler sign-in with the city's OpenID Connect provider (docs/handler-sign-in.md). A handler
 * account is linked to at most one identity: one `handler_credential` row of kind `oidc`
 * (issuer + subject, already unique together since the handlers migration). An admin sets it
 * as the handler's `oidc_subject`, or the first sign-in with a matching e-mail address links it.
 */
export class HandlerSignIn1764600000200 implements MigrationInterface {
  name = 'HandlerSignIn1764600000200';

  async up(q: QueryRunner): Promise<void> {
    // Older rows (none are written before this migration) keep the newest identity of a handler.
    await q.query(`
      DELETE FROM handler_credential c WHERE c.kind = 'oidc' AND EXISTS (
        SELECT 1 FROM handler_credential n WHERE n.kind = 'oidc' AND n.handler_id = c.handler_id AND n.id > c.id)`);
    await q.query(
      `CREATE UNIQUE INDEX handler_credential_one_oidc ON handler_credential (handler_id) WHERE kind = 'oidc'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS handler_credential_one_oidc`);
  }
}
