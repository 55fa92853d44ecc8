import type { Pool } from 'pg';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { hashSecret } from '../domain/secrets';
import { addRateLimitHits, type RateLimitHits } from '../repositories/rate-limit-repository';
import type { LimitOptions, Limiter } from './limit-store';

/**
 * One key's count in this process: `known` is the shared total at the last sync (this process's
 * points included), `flying` the points being added now, `pending` those counted since.
 */
type Entry = { known: number; flying: number; pending: number; expire: number };

type Options = LimitOptions & { pool: Pool; syncMs: number; warn(error: unknown): void };

/**
 * A limit shared by every process without a database round trip per call (docs/scale-out.md,
 * "Rate limits"): each call is decided in memory against the last known shared total plus this
 * process's calls since, and the new calls of all keys go to the `rate_limit` table in one
 * statement at most every `syncMs`, which answers the new totals. N processes may therefore let
 * through up to one sync interval's calls more than the limit (each learns the others' counts
 * at its next sync). If the database does not answer, each process goes on counting its own
 * calls (fail open to the per-process limit) and tries again at the next interval.
 */
export function batchedLimiter(options: Options): Limiter & { sync(): Promise<void> } {
  const { pool, syncMs, points, warn } = options;
  const durationMs = options.duration * 1000;
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | null = null;
  let syncing: Promise<void> | null = null;

  function schedule(): void {
    if (timer !== null || syncing !== null) return;
    timer = setTimeout(() => void sync(), syncMs);
    timer.unref();
  }

  async function send(): Promise<void> {
    const now = Date.now();
    const batch = new Map<string, Entry>();
    const hits: RateLimitHits[] = [];
    for (const [key, entry] of entries) {
      if (entry.expire <= now && entry.flying === 0) entries.delete(key);
      else if (entry.pending > 0 && entry.expire > now) {
        const stored = `${options.keyPrefix}:${hashSecret(key)}`;
        batch.set(stored, entry);
        hits.push({ key: stored, points: entry.pending, expire: entry.expire });
        entry.flying = entry.pending;
        entry.pending = 0;
      }
    }
    try {
      for (const row of await addRateLimitHits(pool, hits, now)) {
        const entry = batch.get(row.key);
        if (entry !== undefined) Object.assign(entry, { known: row.points, expire: row.expire, flying: 0 });
      }
    } catch (error) {
      warn(error);
      for (const entry of batch.values()) Object.assign(entry, { pending: entry.pending + entry.flying, flying: 0 });
    }
  }

  /** Sends the counts now (the timer does it every `syncMs`); one sync at a time. */
  function sync(): Promise<void> {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (syncing !== null) return syncing;
    syncing = send().finally(() => {
      syncing = null;
      for (const entry of entries.values()) if (entry.pending > 0) return schedule();
    });
    return syncing;
  }

  async function take(key: string): Promise<RateLimiterRes | null> {
    const now = Date.now();
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { known: 0, flying: 0, pending: 0, expire: now + durationMs };
      entries.set(key, entry);
    } else if (entry.expire <= now) {
      // A new window; points still flying are counted by the table, whose answer then wins.
      Object.assign(entry, { known: 0, pending: 0, expire: now + durationMs });
    }
    if (entry.known + entry.flying + entry.pending >= points) return new RateLimiterRes(0, entry.expire - now);
    entry.pending += 1;
    schedule();
    return null;
  }

  return Object.assign(take, { sync });
}
