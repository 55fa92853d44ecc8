/** A value loaded at most once per `ttlSeconds` (0: every time); `invalidate` forgets it now. */
export type Cached<T> = { get(): Promise<T>; invalidate(): void };

/**
 * Keeps what `load` returned for `ttlSeconds` so hot paths skip a round trip. Processes stay
 * stateless: a change made elsewhere shows here within the TTL. A failed load is not kept.
 */
export function cachedValue<T>(load: () => Promise<T>, ttlSeconds: number): Cached<T> {
  let current: { value: Promise<T>; expires: number } | null = null;
  return {
    get() {
      const now = Date.now();
      if (current === null || current.expires <= now) {
        const value = load();
        current = { value, expires: now + ttlSeconds * 1000 };
        value.catch(() => {
          current = null;
        });
      }
      return current.value;
    },
    invalidate() {
      current = null;
    },
  };
}
