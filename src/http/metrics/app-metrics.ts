import type { Context } from 'koa';
import type { Pool } from 'pg';
import { Counter, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { PhotoQueue } from '../../media/photo-queue';
import { REFUSED_LIMITS, type CountRefusal } from '../rate-limit';
import { backlogGauges, photoGauges, poolGauges } from './gauges';
import { processMetrics } from './process-metrics';
import { requestMetrics } from './request-metrics';

/** One app's metrics (docs/metrics.md), in a registry of its own (not prom-client's global one). */
export type AppMetrics = {
  observeRequest(ctx: Context, seconds: number): void;
  countRefusal: CountRefusal;
  /** Adds the gauges read at scrape time: the pool, the photo queue, the database backlogs. */
  watch(sources: { pool: Pool; readPool?: Pool; photos: PhotoQueue; logger: Logger }): void;
  /** The text a scrape returns: the process's metrics, then the app's. */
  scrape(): Promise<string>;
  contentType: string;
};

function refusalCounter(registry: Registry): CountRefusal {
  const counter = new Counter({
    name: 'palaute311_rate_limit_refusals_total',
    help: 'Requests refused by a limit: 429 from the GET and POST limits, 503 from the full photo queue.',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  // Every limit shows from the start, at 0, so rate() sees the first refusal.
  const children = new Map(REFUSED_LIMITS.map((limit) => [limit, counter.labels(limit)]));
  for (const child of children.values()) child.inc(0);
  return (limit) => children.get(limit)?.inc();
}

export function appMetrics(config: Config): AppMetrics {
  const registry = new Registry();
  const observeRequest = requestMetrics(registry);
  const countRefusal = refusalCounter(registry);
  return {
    observeRequest,
    countRefusal,
    contentType: registry.contentType,
    watch({ pool, readPool, photos, logger }) {
      poolGauges(registry, pool);
      if (readPool !== undefined && readPool !== pool) poolGauges(registry, readPool, 'palaute311_db_read_pool');
      photoGauges(registry, photos);
      backlogGauges(registry, pool, config, logger);
    },
    async scrape() {
      return (await processMetrics().metrics()) + (await registry.metrics());
    },
  };
}
