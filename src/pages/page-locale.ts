import type { Context } from 'koa';
import { LOCALES, type Locale } from '../domain/catalogue';
import { resolveLocale } from '../domain/locale';

const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/**
 * The language of a page for people (docs/pages.md §3): `?lang=fi|sv|en`, else the browser's
 * Accept-Language, else the given default (the request's own language or the deployment's). A
 * person's typo in `lang` is no error: the page still shows, in the next language that applies.
 */
export function pageLocale(ctx: Context, fallback: Locale): Locale {
  const asked = ctx.query.lang;
  const lang = typeof asked === 'string' ? asked.trim().toLowerCase() : '';
  if (isLocale(lang)) return lang;
  // A malformed Accept-Language value is only skipped by resolveLocale, never an error.
  return resolveLocale(undefined, ctx.get('accept-language'), fallback);
}
