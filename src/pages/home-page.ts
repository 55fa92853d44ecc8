import type { Context } from 'koa';
import { EXAMPLE_BROWSER_KEY } from '../db/example-data';
import type { AppDeps } from '../deps';
import { pick, type Catalogue, type Jurisdiction } from '../domain/catalogue';
import { ApiError } from '../domain/errors';
import { cityOfRead } from '../domain/jurisdiction';
import { placeOf } from '../open311/scope';
import { html, type Html } from './html';
import { imageOrigins } from './image-origins';
import { languageLinks, layout } from './layout';
import { pageLocale } from './page-locale';
import { PAGE_TEXTS, type PageTexts } from './page-texts';
import { sendPage } from './send-page';

/** The two lines a city page needs (docs/widget.md); the key is the city's own browser key. */
function embedSnippet(baseUrl: string, t: PageTexts): Html {
  const snippet = `<script type="module" src="${baseUrl}/widget/palaute.js"></script>
<palaute-feedback api-key="YOUR-BROWSER-KEY"></palaute-feedback>`;
  return html`<h2>${t.embedTitle}</h2>
    <p>${t.embedText}</p>
    <pre><code>${snippet}</code></pre>`;
}

function links(lang: string, t: PageTexts): Html {
  return html`<ul class="links">
    <li><a href="/docs">${t.apiLink}</a> (<a href="/openapi.json">OpenAPI</a>)</li>
    <li>
      <a href="/feeds/requests.rss?locale=${lang}">${t.feeds}</a> (RSS,
      <a href="/feeds/requests.atom?locale=${lang}">Atom</a>)
    </li>
  </ul>`;
}

/** The example city's page: the feedback form and the map as a city would embed them. */
function demo(t: PageTexts, baseUrl: string, lang: string): Html {
  return html`<h1>${t.demoTitle}</h1>
    <p class="lead">${t.demoIntro}</p>
    <palaute-feedback api-key="${EXAMPLE_BROWSER_KEY}"></palaute-feedback>
    <h2>${t.demoMap}</h2>
    <palaute-map></palaute-map>
    ${embedSnippet(baseUrl, t)} ${links(lang, t)}`;
}

/** Without the example data: what this service is and where its parts are. */
function about(t: PageTexts, baseUrl: string, lang: string): Html {
  return html`<h1>${t.aboutTitle}</h1>
    <p class="lead">${t.aboutText}</p>
    ${links(lang, t)} ${embedSnippet(baseUrl, t)}`;
}

/**
 * The municipality whose name heads the page: the host's, the default or the first created, as
 * for a GeoReport call without `jurisdiction_id` (docs/open311-dialect.md §7); none when no city
 * is served or the default names none.
 */
function homeMunicipality(ctx: Context, deps: AppDeps, catalogue: Catalogue): Jurisdiction | null {
  try {
    return cityOfRead(catalogue, { requested: undefined, ...placeOf(ctx, deps) });
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

/**
 * GET / (docs/pages.md §5): with the example data loaded, a demo page of the example city that
 * embeds `<palaute-feedback>` (with the example's localhost-only browser key) and `<palaute-map>`;
 * otherwise a short page about the service. Both show the embed snippet and the links onwards.
 */
export async function homePage(ctx: Context, deps: AppDeps): Promise<void> {
  const { config } = deps;
  const catalogue = await deps.catalogue.get();
  const municipality = homeMunicipality(ctx, deps, catalogue);
  const lang = pageLocale(ctx, municipality?.defaultLocale ?? config.defaultLocale);
  const t = PAGE_TEXTS[lang];
  const city = municipality ? pick(municipality.names, lang, municipality.defaultLocale) : null;
  const isDemo = config.loadExampleData;
  const body = isDemo ? demo(t, config.publicBaseUrl, lang) : about(t, config.publicBaseUrl, lang);
  const title = isDemo ? t.demoTitle : t.aboutTitle;
  const languages = languageLinks('/', new URLSearchParams(ctx.querystring));
  sendPage(ctx, layout({ lang, title, body, city, widget: isDemo, languages }), {
    imageOrigins: imageOrigins(config),
  });
}
