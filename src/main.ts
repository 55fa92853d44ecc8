import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';

/**
 * config → one serving process, or with WEB_CONCURRENCY > 1 a primary that forks that many
 * (docs/scale-out.md). The primary loads only the config, the logger and node:cluster: the
 * app's modules are imported by the processes that serve.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.webConcurrency > 1 && cluster.isPrimary) {
    const { runPrimary } = await import('./cluster-primary.js');
    runPrimary(config, logger);
    return;
  }
  const { serve } = await import('./serve.js');
  // The pid tells the workers' lines apart in the shared log; the primary logs which worker has which.
  await serve(config, cluster.isWorker ? logger.child({ pid: process.pid }) : logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`palaute311 failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
