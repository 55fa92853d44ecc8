import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { answerCache } from './http/answer-cache';
import type { Config } from './config';
import { bootstrapAdmin } from './db/bootstrap-admin';
import { listenForCatalogueChanges } from './db/catalogue-listener';
import { openDatabase } from './db/database';
import { loadExampleData } from './db/example-data';
import { createHttpServer } from './http/server';
import { cachedCatalogue } from './domain/catalogue-cache';
import { configuredMediaStore } from './media/configured-media-store';
import { loadCatalogue } from './repositories/catalogue-repository';
import { createTransport } from 'nodemailer';
import { startMailWorker, type MailWorker } from './mail/worker';
import { pollEvery } from './domain/polling';
import { foldStatistics } from './repositories/admin/statistics-compute';
import { startRetentionWorker } from './domain/retention-worker';
import { startAlertWorker } from './mail/alert-worker';
import { startWebhookWorker } from './webhooks/worker';

/** How often the background job folds the statistics rollup's queue (docs/statistics.md). */
const STATISTICS_FOLD_MS = 5000;

/**
 * One serving process: database → app → listen, and the background jobs where
 * `config.backgroundJobs` (in a cluster, worker 1 only: docs/scale-out.md). SIGTERM/SIGINT
 * drain connections, stop the jobs and close the database.
 */
export async function serve(config: Config, logger: Logger): Promise<void> {
  const db = await openDatabase(config);
  if (config.loadExampleData && (await loadExampleData(db.pool))) logger.info('example municipality loaded');
  const bootstrap = await bootstrapAdmin(db.pool, config.bootstrapAdminTokenFile);
  // The token itself never goes to the log: only where the owner-only file is.
  if (bootstrap) logger.info(bootstrap, 'no admin yet: created "bootstrap admin", its bearer token is in tokenFile');
  // From the primary, never the replica: a reload right after a change's notification must see it.
  const catalogue = cachedCatalogue(() => loadCatalogue(db.pool), config.catalogueCacheSeconds);
  // Other instances' catalogue changes show at once (docs/scale-out.md); the embedded database is one process.
  // Likewise other instances' writes drop the public answers this process keeps.
  const answers = answerCache(config.publicCacheSeconds);
  const listener =
    config.databaseUrl === null
      ? null
      : listenForCatalogueChanges({
          url: config.databaseUrl,
          onChange: () => catalogue.invalidate(),
          onPublicChange: () => answers.invalidate(),
          logger,
        });
  const defaultCity = config.defaultJurisdiction;
  if (defaultCity !== null && !(await catalogue.get()).jurisdictions.get(defaultCity)?.active) {
    // Not fatal: the city may be created later. Until then calls that name no city get a 400.
    logger.error({ defaultJurisdiction: defaultCity }, 'DEFAULT_JURISDICTION names no active municipality');
  }
  const media = configuredMediaStore(config);
  // Not fatal either, and not waited for: the store may come back; until then photos fail with 500.
  void media.check().catch((error: unknown) => logger.error({ err: error }, 'the media store cannot be used'));
  const app = buildApp({ config, db, catalogue, logger, media, answers });
  const server: Server = createHttpServer(app, config.requestTimeoutSeconds).listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, embedded: db.embedded, docs: `${config.publicBaseUrl}/docs` },
      'palaute311 listening',
    );
  });
  const jobs = config.backgroundJobs;
  // Without SMTP_URL (the embedded default) messages stay in the outbox, readable by admins.
  const mail: MailWorker | null =
    config.smtpUrl === null || !jobs
      ? null
      : startMailWorker({ pool: db.pool, config, logger, transport: createTransport(config.smtpUrl) });
  // Off unless RETENTION_CONTACT_MONTHS is set (docs/retention.md).
  const retention =
    config.retentionContactMonths === null || !jobs
      ? null
      : startRetentionWorker({
          pool: db.pool,
          months: config.retentionContactMonths,
          pollMs: config.retentionPollMs,
          logger,
        });
  // Handlers' alerts only write the outbox (docs/alerts.md), so they are composed with or without SMTP.
  const alerts = jobs ? startAlertWorker({ pool: db.pool, config, logger }) : null;
  // Webhook deliveries (docs/webhooks.md): leased, so every instance may run the worker.
  const webhooks = jobs ? startWebhookWorker({ pool: db.pool, config, logger }) : null;
  // The statistics rollup's queued changes (docs/statistics.md); reads fold too, so this only keeps the queue short.
  const statistics = jobs
    ? pollEvery({
        round: () => foldStatistics(db.pool),
        pollMs: STATISTICS_FOLD_MS,
        poll: true,
        logger,
        what: 'statistics fold',
      })
    : null;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    server.close(async () => {
      await alerts?.stop();
      await mail?.stop();
      await retention?.stop();
      await webhooks?.stop();
      await listener?.stop();
      await statistics?.stop();
      await db.close();
      clearTimeout(force);
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
