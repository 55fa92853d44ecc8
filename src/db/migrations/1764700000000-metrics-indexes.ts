import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * /metrics counts given-up outbox messages and webhook deliveries at every scrape
 * (docs/metrics.md). Both tables only grow; a partial index of the few failed rows keeps those
 * counts from reading the whole table.
 */
export class MetricsIndexes1764700000000 implements MigrationInterface {
  name = 'MetricsIndexes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_failed ON outbox (id) WHERE failed_at IS NOT NULL`);
    await q.query(`CREATE INDEX webhook_delivery_failed ON webhook_delivery (id) WHERE failed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS webhook_delivery_failed`);
    await q.query(`DROP INDEX IF EXISTS outbox_failed`);
  }
}
