import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config';

/** A worker that served this long before it died is restarted at once; a quicker death counts as a crash loop. */
export const STABLE_MS = 30000;
const MAX_DELAY_MS = 30000;
/** Past SHUTDOWN_TIMEOUT_MS, which each worker keeps itself, before the primary kills what is left. */
const STOP_GRACE_MS = 5000;

/** Wait before restarting a worker that died for the nth time in a row: 0, 1 s, 2 s, 4 s … 30 s. */
export function restartDelayMs(deathsInARow: number): number {
  return deathsInARow <= 1 ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (deathsInARow - 2));
}

type Slot = {
  number: number;
  worker: Worker | null;
  listeningAt: number | null;
  deathsInARow: number;
  timer: NodeJS.Timeout | null;
};

/**
 * The primary of WEB_CONCURRENCY workers (docs/scale-out.md). Worker 1 starts alone: it runs
 * the migrations, the example data and the bootstrap admin, and keeps the background jobs;
 * once it listens the others start (they find the schema current and the data there) with
 * BACKGROUND_JOBS=false. A worker that dies is restarted in its slot, with a growing wait while
 * it keeps dying. SIGTERM/SIGINT: every worker gets SIGTERM and shuts down as a single process
 * does; the primary exits once all are gone.
 */
export function runPrimary(config: Config, logger: Logger): void {
  const slots: Slot[] = Array.from({ length: config.webConcurrency }, (_, index) => ({
    number: index + 1,
    worker: null,
    listeningAt: null,
    deathsInARow: 0,
    timer: null,
  }));
  let othersStarted = false;
  let stopping = false;
  let clean = true;

  const finish = () => {
    logger.info('stopped');
    process.exit(clean ? 0 : 1);
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    if (slot.worker !== worker) return;
    slot.worker = null;
    if (stopping) {
      if (code !== 0 && signal !== 'SIGTERM') clean = false;
      if (slots.every((other) => other.worker === null)) finish();
      return;
    }
    const stable = slot.listeningAt !== null && Date.now() - slot.listeningAt >= STABLE_MS;
    slot.deathsInARow = stable ? 1 : slot.deathsInARow + 1;
    const delay = restartDelayMs(slot.deathsInARow);
    logger.error(
      { worker: slot.number, pid: worker.process.pid, code, signal, restartInMs: delay },
      'worker died; restarting it',
    );
    slot.timer = setTimeout(() => fork(slot), delay);
  };

  const fork = (slot: Slot) => {
    slot.timer = null;
    // Worker 1 keeps the operator's BACKGROUND_JOBS; the others only serve HTTP.
    const worker = cluster.fork(slot.number === 1 ? {} : { BACKGROUND_JOBS: 'false' });
    slot.worker = worker;
    slot.listeningAt = null;
    logger.info({ worker: slot.number, pid: worker.process.pid }, 'worker started');
    worker.once('listening', () => {
      slot.listeningAt = Date.now();
      if (othersStarted || stopping) return;
      othersStarted = true;
      slots.slice(1).forEach(fork);
    });
    worker.once('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down the workers');
    for (const slot of slots) {
      if (slot.timer !== null) clearTimeout(slot.timer);
      slot.timer = null;
      slot.worker?.process.kill('SIGTERM');
    }
    setTimeout(() => {
      logger.error('workers still running after SHUTDOWN_TIMEOUT_MS: killing them');
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownTimeoutMs + STOP_GRACE_MS).unref();
    if (slots.every((slot) => slot.worker === null)) finish();
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  logger.info({ workers: config.webConcurrency, dbPoolSize: config.dbPoolSize }, 'starting the workers');
  fork(slots[0]);
}
