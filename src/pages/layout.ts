import type { Locale } from '../domain/catalogue';
import { html, type Html } from './html';
import { LANGUAGE_NAMES, PAGE_TEXTS } from './page-texts';

export type LayoutOptions = {
  lang: Locale;
  /** The document's title, also the browser tab's: the page's own subject first. */
  title: string;
  body: Html;
  /** More elements for <head> (written by our code). */
  head?: Html;
  /** The municipality's name in the header; without it the header names only the service. */
  city?: string | null;
  /** The page embeds <palaute-…> elements: load the widget script (docs/pages.md §5). */
  widget?: boolean;
  /** Links to this same page in each language, e.g. from `languageLinks`. */
  languages?: Partial<Record<Locale, string>>;
};

function languageNav(lang: Locale, links: Partial<Record<Locale, string>>): Html | null {
  const entries = Object.entries(links) as [Locale, string][];
  if (entries.length === 0) return null;
  return html`<nav class="languages" aria-label="${PAGE_TEXTS[lang].languages}">
    <ul>
      ${entries.map(([locale, href]) =>
        locale === lang
          ? html`<li><a href="${href}" lang="${locale}" aria-current="page">${LANGUAGE_NAMES[locale]}</a></li>`
          : html`<li><a href="${href}" lang="${locale}" hreflang="${locale}">${LANGUAGE_NAMES[locale]}</a></li>`,
      )}
    </ul>
  </nav>`;
}

/**
 * The one document frame of every page for people (docs/pages.md §1): language, a skip link to
 * the main content, a header naming the city and the service, one <main id="main">, a footer,
 * our own stylesheet, and the widget script only on pages that embed widget elements. No inline
 * script or style anywhere, so the strict policy of send-page.ts holds.
 */
export function layout(options: LayoutOptions): Html {
  const texts = PAGE_TEXTS[options.lang];
  const site = options.city ? `${options.city} · ${texts.service}` : texts.service;
  return html`<!doctype html>
    <html lang="${options.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} – ${site}</title>
        <link rel="stylesheet" href="/pages/pages.css" />
        <link rel="icon" href="data:," />
        ${options.widget ? html`<script type="module" src="/widget/palaute.js"></script>` : null}
        ${options.head ?? null}
      </head>
      <body>
        <a class="skip-link" href="#main">${texts.skip}</a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="/?lang=${options.lang}">${site}</a>
            ${languageNav(options.lang, options.languages ?? {})}
          </div>
        </header>
        <main id="main" tabindex="-1">
          <div class="wrap">${options.body}</div>
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>${texts.footer} <a href="/docs">${texts.apiLink}</a></p>
          </div>
        </footer>
      </body>
    </html> `;
}

/**
 * Links to the same path in each language: the query is kept (a tracking token too, so the own
 * view stays the own view) and only `lang` changes.
 */
export function languageLinks(path: string, query: URLSearchParams): Record<Locale, string> {
  const link = (locale: Locale) => {
    const params = new URLSearchParams(query);
    params.set('lang', locale);
    return `${path}?${params.toString()}`;
  };
  return { fi: link('fi'), sv: link('sv'), en: link('en') };
}
