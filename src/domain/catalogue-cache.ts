import type { Catalogue } from './catalogue';
import { cachedValue, type Cached } from './cached-value';

export type CatalogueSource = Cached<Catalogue>;

/**
 * Keeps the catalogue for `ttlSeconds` (CATALOGUE_CACHE_SECONDS) so hot read paths skip a round
 * trip; a change made elsewhere shows here within that time.
 */
export function cachedCatalogue(load: () => Promise<Catalogue>, ttlSeconds: number): CatalogueSource {
  return cachedValue(load, ttlSeconds);
}
