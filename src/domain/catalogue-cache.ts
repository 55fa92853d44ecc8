import type { Catalogue } from './catalogue';

export type CatalogueSource = { get(): Promise<Catalogue>; invalidate(): void };

/**
 * Keeps the catalogue for `ttlSeconds` so hot read paths skip a round trip. Processes stay
 * stateless: a change made elsewhere shows here within the TTL (CATALOGUE_CACHE_SECONDS).
 */
export function cachedCatalogue(load: () => Promise<Catalogue>, ttlSeconds: number): CatalogueSource {
  let current: { value: Promise<Catalogue>; expires: number } | null = null;
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
