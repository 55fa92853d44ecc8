import type { PublicRequest } from '../api';
import type { Strings } from '../i18n/strings';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const short = (text: string, max = 280): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The public photos of a request: all of them with extensions, else the first. */
export const photosOf = (request: PublicRequest): string[] =>
  request.extended_attributes?.media_urls ?? (request.media_url ? [request.media_url] : []);

/** A stored photo's thumbnail (`/media/{id}-thumb.jpg`, docs/api.md "Photos"). */
const thumbnail = (url: string): string => url.replace(/\.jpg$/, '-thumb.jpg');

/**
 * A popup's content built as DOM nodes with text content only, so nothing a resident wrote can
 * ever become markup: category, status (in words, not only colour), text, latest public
 * answer, published photos and the link to the request's page.
 */
export function popupContent(request: PublicRequest, strings: Strings, pageUrl: string): HTMLElement {
  const box = el('div', 'palaute-popup');
  box.append(el('p', 'title', request.service_name));
  const status = request.status === 'open' ? strings.statusOpen : strings.statusClosed;
  const detail = request.extended_attributes?.status_descriptive_name;
  box.append(el('p', `status-${request.status}`, detail && detail !== status ? `${status} · ${detail}` : status));
  const title = request.extended_attributes?.title;
  if (title) box.append(el('p', 'request-title', title));
  box.append(el('p', 'text', short(request.description)));
  if (request.address) box.append(el('p', 'address', request.address));
  if (request.status_notes) {
    const answer = el('div', 'answer');
    answer.append(el('strong', '', strings.answer), el('p', '', short(request.status_notes, 400)));
    box.append(answer);
  }
  const photos = photosOf(request);
  if (photos.length > 0) {
    const row = el('div', 'photos');
    for (const url of photos.slice(0, 4)) {
      const img = el('img', '');
      img.src = thumbnail(url);
      img.alt = strings.photoOfRequest;
      img.loading = 'lazy';
      row.append(img);
    }
    box.append(row);
  }
  const link = el('a', 'page-link', strings.openPage);
  link.href = pageUrl;
  box.append(link);
  return box;
}
