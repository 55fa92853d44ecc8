import type { Config } from '../config';

/**
 * The origins besides our own that a page's images may come from (docs/pages.md §2): the map
 * tiles' host (MAP_TILE_URL; a `{s}` subdomain becomes a wildcard) and PUBLIC_BASE_URL's, where
 * our photo links point when it differs from the address the page was read at.
 */
export function imageOrigins(config: Pick<Config, 'map' | 'publicBaseUrl'>): string[] {
  const origins = new Set<string>();
  for (const template of [config.map.tileUrl, config.publicBaseUrl]) {
    try {
      const url = new URL(template.replace(/\{s\}/g, 'wildcard-subdomain'));
      origins.add(`${url.protocol}//${url.host.replace('wildcard-subdomain', '*')}`);
    } catch {
      // config.ts has checked both URLs; a template that still does not parse adds nothing.
    }
  }
  return [...origins];
}
