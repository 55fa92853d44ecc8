import type { Locale } from '../domain/catalogue';
import { html, type Html } from './html';
import { PAGE_TEXTS } from './page-texts';

/** What the own view knows beyond the request itself (docs/pages.md §3–4). */
export type OwnViewState = {
  /** The tracking token that opened the page: the form sends it back in a hidden field. */
  token: string;
  /** The request passes the privacy gate now; otherwise only the submitter sees it. */
  isPublic: boolean;
  /** Just back from adding details (the redirect after the POST). */
  added: boolean;
  closed: boolean;
  maxLength: number;
};

/** The own view's notices: whose page this is, whether the public sees it, and the confirmation. */
export function ownBanner(lang: Locale, own: OwnViewState): Html {
  const t = PAGE_TEXTS[lang];
  return html`<div class="notice notice-info">
      <p>${t.ownNotice}</p>
      ${own.isPublic ? null : html`<p>${t.notPublic}</p>`}
    </div>
    ${own.added ? html`<div class="notice notice-ok" role="status"><p>${t.detailsSaved}</p></div>` : null}`;
}

/**
 * Adding details (docs/pages.md §4): a plain multipart form that works without script, with real
 * labels; the token travels in a hidden field, never in the action's URL. A closed request shows
 * why nothing can be added instead.
 */
export function detailsSection(lang: Locale, publicId: string, own: OwnViewState): Html {
  const t = PAGE_TEXTS[lang];
  if (own.closed) {
    return html`<h2>${t.detailsTitle}</h2>
      <div class="notice notice-warn"><p>${t.detailsClosed}</p></div>`;
  }
  return html`<h2 id="details-title">${t.detailsTitle}</h2>
    <form
      class="details"
      method="post"
      enctype="multipart/form-data"
      action="/requests/${encodeURIComponent(publicId)}/details?lang=${lang}"
      aria-labelledby="details-title"
    >
      <p>${t.detailsHelp}</p>
      <input type="hidden" name="tracking_token" value="${own.token}" />
      <div class="field">
        <label for="details-text">${t.detailsText}</label>
        <textarea id="details-text" name="details" rows="6" maxlength="${own.maxLength}"></textarea>
      </div>
      <div class="field">
        <label for="details-photo">${t.detailsPhoto}</label>
        <span class="hint" id="details-photo-hint">${t.detailsPhotoHint}</span>
        <input
          type="file"
          id="details-photo"
          name="media"
          accept="image/jpeg,image/png,image/webp"
          aria-describedby="details-photo-hint"
        />
      </div>
      <button type="submit">${t.detailsSend}</button>
    </form>`;
}
