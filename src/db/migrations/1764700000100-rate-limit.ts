import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate-limit counters shared by every process when DATABASE_URL is set (docs/scale-out.md,
 * "Rate limits"): the table rate-limiter-flexible's PostgreSQL store expects (its own columns and
 * types: the key with its limit's prefix, the points used and the window's end in epoch
 * milliseconds). Keys hold hashes, never a client address or an e-mail address. No index on
 * `expire`: the table holds only the keys of the last minutes, and the cleanup's scan every few
 * minutes costs less than an index changed at every new window.
 */
export class RateLimit1764700000100 implements MigrationInterface {
  name = 'RateLimit1764700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rate_limit`);
  }
}
