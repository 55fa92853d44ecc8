import type { PoolClient } from 'pg';

/** How many of the service's latest handled requests the estimate looks at. */
export const ESTIMATE_SAMPLE = 50;

/**
 * The median time from submission to closing over the service's last 50 requests closed as
 * PROCESSED. Only real handling counts: rejections, redirects to another authority and
 * duplicates close quickly without the work being done and would make the promise too short.
 * The sample is read newest first through the partial index service_request_closed
 * (service_id, closed_at DESC), so the cost does not grow with the service's history. NULL
 * (no estimate) when the service has nothing handled yet.
 */
const REFRESH = `
  UPDATE service s SET estimate_seconds = e.seconds
    FROM (SELECT round(percentile_cont(0.5) WITHIN GROUP (
                   ORDER BY extract(epoch FROM r.closed_at - r.requested_at)))::int AS seconds
            FROM (SELECT closed_at, requested_at FROM service_request
                   WHERE service_id = $1 AND closed_at IS NOT NULL
                     AND detailed_status = 'PROCESSED' AND duplicate_of IS NULL
                   ORDER BY closed_at DESC LIMIT $2) AS r) AS e
   WHERE s.id = $1 AND s.estimate_seconds IS DISTINCT FROM e.seconds`;

/**
 * Recomputes the service's rolling handling estimate (`service.estimate_seconds`, the base of
 * a new request's `expected_datetime`, docs/domain-model.md §9). Called in the transaction that closes
 * a request, so the estimate follows the service's recent pace. It does not touch
 * `service.updated_at`: the estimate is not part of the catalogue and must not move discovery's
 * changeset.
 */
export async function refreshServiceEstimate(client: PoolClient, serviceId: number): Promise<void> {
  await client.query({ name: 'refresh-service-estimate', text: REFRESH, values: [serviceId, ESTIMATE_SAMPLE] });
}
