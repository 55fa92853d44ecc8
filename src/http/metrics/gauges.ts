import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { Config } from '../../config';
import { cachedValue } from '../../domain/cached-value';
import type { PhotoQueue } from '../../media/photo-queue';
import { readBacklog, type Backlog } from '../../repositories/backlog-repository';

type Reading<T> = [name: string, help: string, read: (source: T) => number];

/** Gauges set from `source` when scraped, so requests pay nothing for them. */
function readGauges<T>(registry: Registry, source: T, readings: Reading<T>[]): void {
  for (const [name, help, read] of readings) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(source));
      },
    });
  }
}

/**
 * The pg pool that TypeORM and the hand-tuned SQL share (src/db/database.ts), or with
 * `prefix` `palaute311_db_read_pool` the read replica's pool (DATABASE_READ_URL).
 */
export function poolGauges(registry: Registry, pool: Pool, prefix = 'palaute311_db_pool'): void {
  readGauges(registry, pool, [
    [`${prefix}_connections`, 'Open connections of the database pool.', (p) => p.totalCount],
    [`${prefix}_idle_connections`, 'Open connections not in use.', (p) => p.idleCount],
    [`${prefix}_waiting_clients`, 'Queries waiting for a connection.', (p) => p.waitingCount],
    [`${prefix}_max_connections`, 'The most connections the pool opens.', (p) => p.options.max ?? 0],
  ]);
}

/** The process's photo queue (src/media/photo-queue.ts). */
export function photoGauges(registry: Registry, photos: PhotoQueue): void {
  readGauges(registry, photos, [
    ['palaute311_photo_requests_admitted', 'Photo requests holding their upload now.', (q) => q.load().admitted],
    ['palaute311_photo_requests_capacity', 'Photo requests admitted at once; more get 503.', (q) => q.load().capacity],
    ['palaute311_photo_jobs_waiting', 'Photo requests waiting for the image decoder.', (q) => q.load().waiting],
  ]);
}

/**
 * The outbox, alert and webhook backlogs, counted by one query (src/repositories/backlog-repository.ts)
 * at most once per METRICS_CACHE_SECONDS whatever the scrape rate; the gauges of one scrape
 * share that query. When it fails the counts are left out and `palaute311_backlog_up` is 0.
 */
export function backlogGauges(registry: Registry, pool: Pool, config: Config, logger: Logger): void {
  const backlog = cachedValue(() => readBacklog(pool, config.mailMaxAttempts), config.metricsCacheSeconds);
  const queue = (name: string, help: string, pending: keyof Backlog, failed: keyof Backlog) =>
    new Gauge({
      name,
      help,
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        const counts = await backlog.get().catch(() => null);
        if (counts === null) return this.reset();
        this.set({ state: 'pending' }, counts[pending]);
        this.set({ state: 'failed' }, counts[failed]);
      },
    });
  queue(
    'palaute311_outbox_messages',
    'E-mails in the outbox: pending, or failed (given up).',
    'outboxPending',
    'outboxFailed',
  );
  queue(
    'palaute311_alerts_queued',
    "Handlers' alerts to compose: pending, or failed (given up).",
    'alertsPending',
    'alertsFailed',
  );
  queue(
    'palaute311_webhook_deliveries',
    'Webhook deliveries: pending, or failed (given up).',
    'webhooksPending',
    'webhooksFailed',
  );
  new Gauge({
    name: 'palaute311_backlog_up',
    help: '1 when the backlog counts were read from the database, 0 when that failed.',
    registers: [registry],
    async collect() {
      try {
        await backlog.get();
        this.set(1);
      } catch (error) {
        logger.warn({ err: error }, 'metrics: the backlog counts failed');
        this.set(0);
      }
    },
  });
}
