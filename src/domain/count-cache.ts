/**
 * Totals for X-Result-Count, kept for a few seconds per distinct filter. Pollers ask for the
 * same lists again and again, and counting a 90-day window of a large city costs far more than
 * the page itself; a total that lags by at most `ttlSeconds` is the documented trade-off
 * (COUNT_CACHE_SECONDS, 0 = always count).
 */
export type CountCache = { get(key: string, count: () => Promise<number>): Promise<number> };

const MAX_ENTRIES = 1000;

export function countCache(ttlSeconds: number): CountCache {
  const entries = new Map<string, { total: Promise<number>; expires: number }>();
  return {
    get(key, count) {
      if (ttlSeconds <= 0) return count();
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expires > now) return hit.total;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      const total = count();
      entries.set(key, { total, expires: now + ttlSeconds * 1000 });
      total.catch(() => entries.delete(key));
      return total;
    },
  };
}
