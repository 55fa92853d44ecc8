import { pick, type Catalogue, type Locale } from '../domain/catalogue';
import { STATUS_LABELS } from '../domain/status-labels';
import { photoUrl } from '../http/media-router';
import type { DetailedStatus, HistoryEntry, RequestFields } from '../repositories/request-row';

/** GeoReport v2 `request` (docs/open311-dialect.md §4.2): every core field, always present, null when empty. */
export type PublicRequest = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  extended_attributes?: ExtendedAttributes;
};

/** Added only with `extensions=true`; never changes a core field (docs/open311-dialect.md §14). */
export type ExtendedAttributes = {
  title: string | null;
  detailed_status: DetailedStatus;
  status_descriptive_name: string;
  media_urls: string[];
  log: { time: string; status: DetailedStatus; note: string | null }[];
  distance?: number;
  /** [CHI] Only on a duplicate: `true`, with the original's id when the original is public. */
  duplicate?: true;
  parent_service_request_id?: string | null;
  /** [palaute311] The nickname the resident gave, while a handler has not removed it (docs/publication.md §2). */
  nickname?: string;
};

export type PresentOptions = {
  catalogue: Catalogue;
  locale: Locale;
  fallback: Locale;
  extensions: boolean;
  baseUrl: string;
};

/**
 * The presenter: the only mapping from a request row to output, for the public view's rows and
 * the submitter's own (both RequestFields; which columns a row may carry is the view's business).
 */
export function presentRequest(row: RequestFields, options: PresentOptions, log: HistoryEntry[] = []): PublicRequest {
  const service = options.catalogue.serviceById.get(row.service_id);
  // Our own published photos first, then links the client submitted as media_url.
  const mediaUrls =
    row.photo_ids.length === 0
      ? row.media_urls
      : [...row.photo_ids.map((id) => photoUrl(options.baseUrl, id)), ...row.media_urls];
  const request: PublicRequest = {
    service_request_id: row.public_id,
    status: row.status,
    status_notes: row.status_notes,
    service_name: pick(service?.names, options.locale, options.fallback) ?? '',
    service_code: service?.code ?? '',
    description: row.description ?? '',
    agency_responsible: row.agency_responsible,
    service_notice: row.service_notice,
    requested_datetime: row.requested,
    updated_datetime: row.updated,
    expected_datetime: row.expected,
    address: row.address,
    address_id: row.address_id,
    zipcode: row.zipcode,
    lat: row.lat,
    long: row.long,
    media_url: mediaUrls[0] ?? null,
  };
  if (options.extensions) {
    request.extended_attributes = {
      title: row.title,
      detailed_status: row.detailed_status,
      status_descriptive_name: STATUS_LABELS[row.detailed_status][options.locale],
      media_urls: mediaUrls,
      log: log.map((entry) => ({ time: entry.time, status: entry.status, note: entry.note })),
      ...(row.distance === undefined ? {} : { distance: Math.round(row.distance * 10) / 10 }),
      ...(row.duplicate ? { duplicate: true, parent_service_request_id: row.parent_id } : {}),
      ...(row.nickname == null ? {} : { nickname: row.nickname }),
    };
  }
  return request;
}
