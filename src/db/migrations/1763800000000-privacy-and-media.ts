import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publication and privacy (docs/privacy-gate.md): why screening held a request, the submitter's hashed
 * tracking token, and photos with a per-photo publish flag.
 */
export class PrivacyAndMedia1763800000000 implements MigrationInterface {
  name = 'PrivacyAndMedia1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_request ADD COLUMN screening_hits jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE service_request ADD COLUMN tracking_token_hash text UNIQUE`);
    await q.query(`
      CREATE TABLE media (
        id bigserial PRIMARY KEY,
        public_id text NOT NULL UNIQUE,
        request_id bigint NOT NULL REFERENCES service_request(id) ON DELETE CASCADE,
        position int NOT NULL,
        published boolean NOT NULL DEFAULT false,
        content_type text NOT NULL,
        bytes int NOT NULL,
        width int NOT NULL,
        height int NOT NULL,
        storage_key text NOT NULL,
        thumbnail_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (request_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS media`);
    await q.query(`ALTER TABLE service_request DROP COLUMN IF EXISTS tracking_token_hash`);
    await q.query(`ALTER TABLE service_request DROP COLUMN IF EXISTS screening_hits`);
  }
}
