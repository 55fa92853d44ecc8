import type { Catalogue, Locale } from '../domain/catalogue';
import { pick } from '../domain/catalogue';

export type ServiceTexts = { serviceIds: number[]; serviceNames: string[]; serviceCodes: string[] };

const cache = new WeakMap<Catalogue, Map<string, ServiceTexts>>();

/**
 * The id, name (in `locale`, else `fallback`, as presentRequest picks it) and code of every
 * service of a city, for a list written by PostgreSQL; kept with the catalogue it came from.
 */
export function serviceTexts(
  catalogue: Catalogue,
  jurisdictionId: string,
  locale: Locale,
  fallback: Locale,
): ServiceTexts {
  let byKey = cache.get(catalogue);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(catalogue, byKey);
  }
  const key = `${jurisdictionId}\u0000${locale}\u0000${fallback}`;
  let texts = byKey.get(key);
  if (texts === undefined) {
    const services = catalogue.services.get(jurisdictionId) ?? [];
    texts = {
      serviceIds: services.map((s) => s.id),
      serviceNames: services.map((s) => pick(s.names, locale, fallback) ?? ''),
      serviceCodes: services.map((s) => s.code),
    };
    byKey.set(key, texts);
  }
  return texts;
}
