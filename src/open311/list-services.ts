import type { Catalogue, Locale } from '../domain/catalogue';
import { pick } from '../domain/catalogue';
import { escapeXml } from '../http/xml';
import type { ListFormat } from '../repositories/public-list-text';

export type ServiceTexts = { serviceIds: number[]; serviceTexts: string[] };

const cache = new WeakMap<Catalogue, Map<string, ServiceTexts>>();

/** `"service_name":…,"service_code":…` or the two XML elements, as presentRequest and the renderers write them. */
function written(format: ListFormat, name: string, code: string): string {
  if (format === 'xml')
    return `<service_name>${escapeXml(name)}</service_name><service_code>${escapeXml(code)}</service_code>`;
  return JSON.stringify({ service_name: name, service_code: code }).slice(1, -1);
}

/**
 * The name (in `locale`, else `fallback`, as presentRequest picks it) and code of every service
 * of a city, written for a list document; kept with the catalogue it was made from.
 */
export function serviceTexts(
  catalogue: Catalogue,
  jurisdictionId: string,
  locale: Locale,
  fallback: Locale,
  format: ListFormat,
): ServiceTexts {
  let byKey = cache.get(catalogue);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(catalogue, byKey);
  }
  const key = `${jurisdictionId}\u0000${locale}\u0000${fallback}\u0000${format}`;
  let texts = byKey.get(key);
  if (texts === undefined) {
    const services = catalogue.services.get(jurisdictionId) ?? [];
    texts = {
      serviceIds: services.map((s) => s.id),
      serviceTexts: services.map((s) => written(format, pick(s.names, locale, fallback) ?? '', s.code)),
    };
    byKey.set(key, texts);
  }
  return texts;
}
