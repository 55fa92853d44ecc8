import type { Lang } from './i18n/strings';

/** The origin that served this script: the palaute311 service itself (docs/widget.md, "Embedding"). */
export const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

/** What every element may be told by its attributes. */
export type Placement = { apiBase?: string; jurisdictionId?: string };

/** `api-base` when given (a full URL of the GeoReport endpoint), else the script's own service. */
export function apiBaseOf(placement: Placement): string {
  const base = placement.apiBase?.trim();
  return (base ? new URL(base, document.baseURI).href : `${SCRIPT_ORIGIN}/open311/v2`).replace(/\/+$/, '');
}

/** The service's origin: HTML request pages live there (`/requests/{id}`). */
export const serviceOriginOf = (placement: Placement): string => new URL(apiBaseOf(placement)).origin;

const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];

/** The element's `lang`, else the nearest ancestor's, else `<html lang>`; Finnish when none is ours. */
export function languageOf(element: HTMLElement, asked?: string | null): Lang {
  const candidates = [asked, element.closest('[lang]')?.getAttribute('lang'), document.documentElement.lang];
  for (const candidate of candidates) {
    const code = (candidate ?? '').trim().toLowerCase().slice(0, 2);
    if ((LANGS as readonly string[]).includes(code)) return code as Lang;
  }
  return 'fi';
}
