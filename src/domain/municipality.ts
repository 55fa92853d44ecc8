import type { Catalogue, Jurisdiction, Locale } from './catalogue';
import { first, firstOf, type Fields } from './fields';
import { cityOfRead } from './jurisdiction';
import { resolveLocale } from './locale';

/** Where a call was sent and what the deployment falls back to (docs/open311-dialect.md §7). */
export type Place = { host?: string; defaultCity: string | null };

/** The language of a call about `jurisdiction`: `locale`/`langcode`, Accept-Language, the city's default. */
export function localeOf(jurisdiction: Jurisdiction, fields: Fields, acceptLanguage: string): Locale {
  return resolveLocale(firstOf(fields, 'locale', 'langcode'), acceptLanguage, jurisdiction.defaultLocale);
}

/**
 * Which municipality and language a read is about: `jurisdiction_id`, else the host's city, the
 * default city or the first one created; then `locale`/`langcode`, the Accept-Language header
 * and the municipality's default language.
 */
export function municipalityOf(
  catalogue: Catalogue,
  fields: Fields,
  acceptLanguage: string,
  place: Place = { defaultCity: null },
): { jurisdiction: Jurisdiction; locale: Locale } {
  const jurisdiction = cityOfRead(catalogue, { requested: first(fields, 'jurisdiction_id'), ...place });
  return { jurisdiction, locale: localeOf(jurisdiction, fields, acceptLanguage) };
}
