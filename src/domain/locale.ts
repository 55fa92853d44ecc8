import { badRequest } from './errors';
import { LOCALES, type Locale } from './catalogue';

const LOCALE_PATTERN = /^([A-Za-z]{2})(?:[_-][A-Za-z]{2})?$/;

function supported(tag: string): Locale | null {
  const language = tag.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : null;
}

/**
 * Language for localised texts: `locale` [CitySDK] or `langcode` [MAS], then Accept-Language,
 * then the jurisdiction's default. Unsupported languages fall back (Helsinki: best effort);
 * malformed values are an error.
 */
export function resolveLocale(requested: string | undefined, acceptLanguage: string, fallback: Locale): Locale {
  if (requested !== undefined) {
    if (!LOCALE_PATTERN.test(requested)) {
      throw badRequest(`locale "${requested}" is not a language tag such as fi, sv_FI or en-GB`);
    }
    return supported(requested) ?? fallback;
  }
  if (acceptLanguage !== '') {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) : 1 };
      })
      .filter((entry) => entry.q > 0 && LOCALE_PATTERN.test(entry.tag))
      .sort((a, b) => b.q - a.q);
    for (const entry of ranked) {
      const locale = supported(entry.tag);
      if (locale) return locale;
    }
  }
  return fallback;
}
