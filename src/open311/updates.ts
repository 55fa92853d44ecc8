import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import { mySocietyStatus, type MySocietyStatus } from '../domain/mysociety-status';
import { parseUpdatesQuery } from '../domain/parse-updates-query';
import { render } from '../http/render';
import { queryParams } from '../http/validate-params';
import { listPublicUpdates, type PublicUpdateRow } from '../repositories/public-updates-repository';
import type { DetailedStatus } from '../domain/detailed-status';
import { setPageHeaders } from './paging';
import { openScope } from './scope';

/** One `request_update` (docs/open311-dialect.md §17), in mySociety's field order. */
export type RequestUpdate = {
  update_id: string;
  service_request_id: string;
  status: MySocietyStatus;
  updated_datetime: string;
  description: string;
  media_url: string;
  /** [MYS] optional: our Helsinki `detailed_status`, which FixMyStreet keys response templates on. */
  external_status_code: DetailedStatus;
};

export function presentUpdate(row: PublicUpdateRow): RequestUpdate {
  return {
    update_id: row.update_id,
    service_request_id: row.service_request_id,
    status: mySocietyStatus(row.state_kind, row.detailed_status),
    updated_datetime: row.updated,
    description: row.description,
    // Answers carry no photos of their own; request photos are in GET requests.
    media_url: '',
    external_status_code: row.detailed_status,
  };
}

/**
 * GET servicerequestupdates [MYS] (docs/open311-dialect.md §17): the public answers and status changes of
 * public requests, oldest first, so FixMyStreet-type sites can mirror them. Read-only and open:
 * `api_key` (FixMyStreet always sends one) is ignored.
 */
export async function getServiceRequestUpdates(ctx: Context, deps: AppDeps): Promise<void> {
  const scope = await openScope(ctx, deps);
  const filter = parseUpdatesQuery(queryParams('getServiceRequestUpdates', scope.fields), scope.jurisdiction);
  const { rows, total } = await listPublicUpdates(deps.db.readPool, filter);
  setPageHeaders(ctx, deps.config.publicBaseUrl, filter, total);
  render(ctx, 'service_request_updates', rows.map(presentUpdate));
}
