import type { Logger } from 'pino';

/** A background job that runs a round every `pollMs`, and on demand. */
export type Polling = { runOnce(): Promise<number>; stop(): Promise<void> };

/**
 * Runs `round` every `pollMs` after the previous round ended (never two at once in a process),
 * logging a failed round as `<what> round failed`. With `poll` false only `runOnce` runs rounds
 * (tests drive them). `stop` waits for the round in progress.
 */
export function pollEvery(options: {
  round: () => Promise<number>;
  pollMs: number;
  poll: boolean;
  logger: Logger;
  what: string;
}): Polling {
  const { round, pollMs, poll, logger, what } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> = Promise.resolve(0);

  function schedule(): void {
    if (stopped || !poll) return;
    timer = setTimeout(() => {
      running = round()
        .catch((error: unknown) => {
          logger.error({ err: error }, `${what} round failed`);
          return 0;
        })
        .finally(schedule);
    }, pollMs);
  }
  schedule();

  return {
    runOnce: () => (running = running.then(round, round)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
