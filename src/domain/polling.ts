import type { Logger } from 'pino';

/** A background job that runs a round every `pollMs`, and on demand. */
export type Polling<T = number> = {
  /** Runs `round` now, or the given one (a test's own clock), after the round in progress. */
  runOnce(round?: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
};

/**
 * Runs `round` every `pollMs` after the previous round ended (never two at once in a process),
 * the first time after `firstDelayMs` (default `pollMs`), logging a failed round as `<what>
 * round failed`. With `poll` false only `runOnce` runs rounds (tests drive them). `unref` lets
 * the process exit while the job waits. `stop` waits for the round in progress.
 */
export function pollEvery<T = number>(options: {
  round: () => Promise<T>;
  pollMs: number;
  poll: boolean;
  logger: Logger;
  what: string;
  firstDelayMs?: number;
  unref?: boolean;
}): Polling<T> {
  const { round, pollMs, poll, logger, what } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  function schedule(delay: number): void {
    if (stopped || !poll) return;
    timer = setTimeout(() => {
      running = round()
        .catch((error: unknown) => logger.error({ err: error }, `${what} round failed`))
        .finally(() => schedule(pollMs));
    }, delay);
    if (options.unref) timer.unref();
  }
  schedule(options.firstDelayMs ?? pollMs);

  return {
    runOnce(run = round) {
      const next = running.then(run, run);
      running = next.catch(() => undefined);
      return next;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
