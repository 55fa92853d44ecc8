import type { Locale } from '../domain/catalogue';
import { EVENT_KINDS } from '../domain/event-kinds';
import { STATUS_LABELS } from '../domain/status-labels';
import type { PublicRequest } from '../open311/present-request';
import type { DetailedStatus } from '../repositories/request-row';
import { detailsSection, ownBanner, type OwnViewState } from './details-form';
import { html, type Html } from './html';
import { PAGE_TEXTS, type PageTexts } from './page-texts';

/** One history entry as a page shows it: public entries, and on the own view the resident's additions. */
export type PageHistory = { kind: string; time: string; status: DetailedStatus; note: string | null; photos?: number };

/** Everything a request's page shows: the presented request (extensions on) and its history. */
export type RequestView = {
  lang: Locale;
  timeZone: string;
  request: PublicRequest;
  history: PageHistory[];
  /** Our own published photos (thumbnails on our origin); links the submitter gave stay links. */
  photoIds: string[];
  linkedPhotos: string[];
  own: OwnViewState | null;
};

/** Dates as they are written in Finland: 12.5.2026 in Finnish and Swedish, 12 May 2026 in English. */
const DATE_LOCALES: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

function when(view: RequestView, iso: string): Html {
  const format = new Intl.DateTimeFormat(DATE_LOCALES[view.lang], {
    timeZone: view.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return html`<time datetime="${iso}">${format.format(new Date(iso))}</time>`;
}

function place(r: PublicRequest, t: PageTexts): Html | null {
  if (r.lat === null || r.long === null) return null;
  const lat = r.lat.toFixed(5);
  const long = r.long.toFixed(5);
  const osm = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}#map=17/${lat}/${long}`;
  return html`<dt>${t.coordinates}</dt>
    <dd>${lat}, ${long} (<a href="${osm}">${t.openMap}</a>)</dd>`;
}

function facts(view: RequestView, t: PageTexts): Html {
  const r = view.request;
  const parent = r.extended_attributes?.parent_service_request_id;
  return html`<dl class="facts">
    <dt>${t.category}</dt>
    <dd>${r.service_name}</dd>
    <dt>${t.received}</dt>
    <dd>${when(view, r.requested_datetime)}</dd>
    <dt>${t.updated}</dt>
    <dd>${when(view, r.updated_datetime)}</dd>
    ${
      r.expected_datetime
        ? html`<dt>${t.expected}</dt>
            <dd>${when(view, r.expected_datetime)}</dd>`
        : null
    }
    ${
      r.address
        ? html`<dt>${t.address}</dt>
            <dd>${r.address}${r.zipcode ? `, ${r.zipcode}` : ''}</dd>`
        : null
    }
    ${place(r, t)}
    ${
      r.agency_responsible
        ? html`<dt>${t.agency}</dt>
            <dd>${r.agency_responsible}</dd>`
        : null
    }
    ${
      parent
        ? html`<dt>${t.duplicateOf}</dt>
            <dd><a href="/requests/${encodeURIComponent(parent)}?lang=${view.lang}">${parent}</a></dd>`
        : null
    }
  </dl>`;
}

function photos(view: RequestView, t: PageTexts): Html | null {
  if (view.photoIds.length === 0 && view.linkedPhotos.length === 0) return null;
  const ours = view.photoIds.map(
    (id, i) =>
      html`<li>
        <a href="/media/${id}.jpg"><img src="/media/${id}-thumb.jpg" alt="${t.photo(i + 1)}" loading="lazy" /></a>
      </li>`,
  );
  const links = view.linkedPhotos.map((url) => html`<li><a href="${url}" rel="noopener noreferrer">${url}</a></li>`);
  return html`<h2>${t.photos}</h2>
    ${
      ours.length > 0
        ? html`<ul class="photos">
            ${ours}
          </ul>`
        : null
    }
    ${
      links.length > 0
        ? html`<p>${t.linkedPhotos}:</p>
            <ul class="links">
              ${links}
            </ul>`
        : null
    }`;
}

function location(r: PublicRequest, t: PageTexts): Html | null {
  if (r.lat === null || r.long === null) return null;
  // The widget draws the map; the address and coordinates above say the same in words.
  return html`<h2>${t.location}</h2>
    <palaute-location
      lat="${r.lat}"
      long="${r.long}"
      ${r.address ? html`label="${r.address}"` : null}
    ></palaute-location>`;
}

function entry(view: RequestView, e: PageHistory, t: PageTexts): Html {
  const added = e.kind === EVENT_KINDS.residentAddedDetails;
  const label = added ? t.addedDetails : STATUS_LABELS[e.status][view.lang];
  const photoNote = added && e.photos ? html`<p>${t.addedPhotos(e.photos)}</p>` : null;
  return html`<li>
    ${when(view, e.time)} <strong>${label}</strong> ${e.note ? html`<p class="text">${e.note}</p>` : null}${photoNote}
  </li>`;
}

/**
 * A request's page body (docs/pages.md §3): what the JSON with `extensions=true` shows, in words
 * for people: title, status, facts, the text, the public answer, photos, the map and the history.
 * Every value passes through `html`, so a resident's text is always escaped.
 */
export function requestView(view: RequestView): Html {
  const t = PAGE_TEXTS[view.lang];
  const r = view.request;
  const ext = r.extended_attributes;
  const status = ext?.status_descriptive_name ?? r.status;
  return html`<p class="request-id">${view.own ? t.ownView : t.request} ${r.service_request_id}</p>
    <h1>${ext?.title || r.service_name}</h1>
    ${view.own ? ownBanner(view.lang, view.own) : null}
    <p><span class="status status-${r.status}">${t.status}: ${status}</span></p>
    ${facts(view, t)}
    <h2>${t.description}</h2>
    <p class="text">${r.description}</p>
    ${
      r.status_notes
        ? html`<h2>${t.answer}</h2>
            <div class="answer"><p class="text">${r.status_notes}</p></div>`
        : null
    }
    ${photos(view, t)} ${location(r, t)}
    ${
      view.history.length > 0
        ? html`<h2>${t.history}</h2>
            <ol class="history">
              ${view.history.map((e) => entry(view, e, t))}
            </ol>`
        : null
    }
    ${view.own ? detailsSection(view.lang, r.service_request_id, view.own) : null}`;
}
