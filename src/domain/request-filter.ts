/** What GET requests asks for, after parsing (docs/open311-dialect.md §13). */
export type RequestFilter = {
  jurisdictionId: string;
  /** `service_request_id` list: overrides every other filter. */
  ids: string[] | null;
  serviceIds: number[] | null;
  statuses: ('open' | 'closed')[] | null;
  requestedFrom: Date | null;
  requestedTo: Date | null;
  updatedAfter: Date | null;
  updatedBefore: Date | null;
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null;
  near: { lat: number; long: number; radius: number } | null;
  text: string | null;
  page: number;
  pageSize: number;
};
