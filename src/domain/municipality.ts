import type { Catalogue, Jurisdiction, Locale } from './catalogue';
import { first, firstOf, type Fields } from './fields';
import { resolveJurisdiction } from './jurisdiction';
import { resolveLocale } from './locale';

/**
 * Which municipality and language a call is about: `jurisdiction_id`, then `locale`/`langcode`,
 * the Accept-Language header and the municipality's default language.
 */
export function municipalityOf(
  catalogue: Catalogue,
  fields: Fields,
  acceptLanguage: string,
): { jurisdiction: Jurisdiction; locale: Locale } {
  const jurisdiction = resolveJurisdiction(catalogue, first(fields, 'jurisdiction_id'));
  const locale = resolveLocale(firstOf(fields, 'locale', 'langcode'), acceptLanguage, jurisdiction.defaultLocale);
  return { jurisdiction, locale };
}
