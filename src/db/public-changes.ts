import type { Pool } from 'pg';
import type { Logger } from 'pino';

/** The channel a write announces on, so that other instances forget their public answers (src/http/answer-cache.ts). */
export const PUBLIC_CHANNEL = 'palaute311_public';

/** How long announcements are gathered into one: a burst of POSTs costs one NOTIFY per this many ms. */
const GATHER_MS = 20;

/**
 * Tells the other instances on the same PostgreSQL that something public may have changed
 * (docs/scale-out.md, "Public answers"). Sent after the write's own commit, so a listener that
 * rebuilds an answer on hearing it sees the write. Calls within GATHER_MS make one notification;
 * a failed one is logged and the other instances' TTL bounds how stale they get.
 */
export function publicChangeAnnouncer(pool: Pool, logger: Logger): () => void {
  let waiting: NodeJS.Timeout | null = null;
  const send = () => {
    waiting = null;
    pool
      .query('SELECT pg_notify($1, $2)', [PUBLIC_CHANNEL, ''])
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'public change not announced; other instances wait for their TTL'),
      );
  };
  return () => {
    if (waiting !== null) return;
    waiting = setTimeout(send, GATHER_MS);
    waiting.unref();
  };
}
