import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate-limit counters need no durability (docs/scale-out.md, "Rate limits"): after a crash
 * every window simply starts over. As a logged table each counted POST waited for a WAL flush
 * while holding its counter's row lock, so one busy address or API key made every POST from it
 * wait its turn behind a disk flush (measured in docs/benchmarks.md, "Rate limits and the WAL").
 * Unlogged, the upsert commits without a flush. Standbys do not carry the table; only the
 * primary counts.
 */
export class RateLimitUnlogged1764800000600 implements MigrationInterface {
  name = 'RateLimitUnlogged1764800000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rate_limit SET UNLOGGED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rate_limit SET LOGGED`);
  }
}
