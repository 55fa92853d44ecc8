import type { Context } from 'koa';
import type { Locale } from '../domain/catalogue';
import { html, type Html } from './html';
import { layout } from './layout';
import { PAGE_TEXTS, type PageTexts } from './page-texts';
import { sendPage } from './send-page';

type ErrorKey = keyof PageTexts['errors'];

/** Which of the error texts fits a status: every other 4xx reads as "could not be handled". */
function errorKey(status: number): ErrorKey {
  if (status === 403 || status === 404 || status === 429) return String(status) as ErrorKey;
  if (status === 503) return '429';
  return status >= 500 ? '500' : '400';
}

export type ErrorPageOptions = {
  lang: Locale;
  status: number;
  /** What exactly was wrong (a 4xx error's own descriptions, written for the caller); never for 5xx. */
  details?: readonly string[];
  city?: string | null;
};

/**
 * An error as a page for people (docs/pages.md §2): a heading, a sentence saying what to do and
 * a way back; a 4xx may list what was wrong, a 5xx says only that it was logged. Never a stack
 * trace, and an unknown id reads exactly like a request that is not public.
 */
export function errorPage(options: ErrorPageOptions): Html {
  const texts = PAGE_TEXTS[options.lang];
  const { title, text } = texts.errors[errorKey(options.status)];
  const details = options.status < 500 && options.status !== 404 ? (options.details ?? []) : [];
  const body = html`<h1>${title}</h1>
    <p>${text}</p>
    ${
      details.length > 0
        ? html`<ul class="error-details">
            ${details.map((d) => html`<li>${d}</li>`)}
          </ul>`
        : null
    }
    <p><a href="/?lang=${options.lang}">${texts.home}</a></p>`;
  return layout({ lang: options.lang, title, body, city: options.city });
}

/**
 * Sends the error page with the status and the pages' headers; never cached, never a Referer
 * (the failed URL may carry a tracking token).
 */
export function sendErrorPage(ctx: Context, options: ErrorPageOptions, headers: Record<string, string> = {}): void {
  ctx.set(headers);
  sendPage(ctx, errorPage(options), { status: options.status, private: true });
}
