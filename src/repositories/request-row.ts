import type { DetailedStatus } from '../domain/detailed-status';

export type { DetailedStatus };

/**
 * The fields of one request as the presenter reads them, whichever path read the row: the
 * public view (PublicRequestRow, public-scope.ts) or the submitter's own view (OwnRequestRow,
 * own-requests-repository.ts). Each path brands its rows, so one cannot be passed where the
 * other is expected.
 */
export type RequestFields = {
  /** The internal row id: for the history lookup only, never presented. */
  id: string;
  public_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_id: number;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested: string;
  updated: string;
  expected: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_urls: string[];
  /** Photos a handler (or auto-publication) released; never unpublished ones. */
  photo_ids: string[];
  title: string | null;
  detailed_status: DetailedStatus;
  /** [CHI] Closed as a duplicate of another request. */
  duplicate: boolean;
  /** [CHI] The original's public id, only when the original is public itself. */
  parent_id: string | null;
  /** [palaute311] The resident's nickname, on public rows only and only while no handler removed it. */
  nickname?: string | null;
  distance?: number;
};

/** One entry of a request's history as residents see it: time, detailed status and public note. */
export type HistoryEntry = { request_id: string; time: string; status: DetailedStatus; note: string | null };
