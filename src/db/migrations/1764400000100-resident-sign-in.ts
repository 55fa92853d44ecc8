import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "My feedback" by e-mail link (docs/residents.md, "My feedback by e-mail link"), for cities
 * without an OpenID provider. A resident who gave an e-mail address asks for a link; only the
 * hash of its random token is stored, it expires and is used once. Using it opens a session,
 * again stored only as a hash. Both keep the lower-cased address the link was asked for, which
 * is already in `request_contact`: no table here holds an address that gave no feedback.
 * Requests are found by that address case-insensitively, hence the index on lower(email).
 */
export class ResidentSignIn1764400000100 implements MigrationInterface {
  name = 'ResidentSignIn1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_link (
        id bigserial PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX sign_in_link_expires ON sign_in_link (expires_at)`);
    await q.query(`
      CREATE TABLE resident_session (
        id bigserial PRIMARY KEY,
        session_hash text NOT NULL UNIQUE,
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX resident_session_expires ON resident_session (expires_at)`);
    await q.query(`
      CREATE INDEX request_contact_email ON request_contact (lower(email), request_id DESC)
       WHERE email IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS request_contact_email`);
    await q.query(`DROP TABLE IF EXISTS resident_session`);
    await q.query(`DROP TABLE IF EXISTS sign_in_link`);
  }
}
