import type { PoolClient } from 'pg';
import type { DetailedStatus } from '../../domain/detailed-status';
import { w3c } from '../public-scope';

/**
 * The department's name as `agency_responsible` shows it: in the jurisdiction's default
 * language, as at creation (parse-new-request.ts), then any language.
 */
export const DEPARTMENT_AGENCY = `coalesce(d.names ->> j.default_locale, d.names ->> 'fi', d.names ->> 'en', d.names ->> 'sv')`;

/**
 * Moves the detailed status (the public `status` follows it). The first move away from
 * RECEIVED is the start of processing (the SLA clock stops); the first close stamps
 * closed_at, which a reopen clears. A reopened request is the city's again: it is no longer
 * a duplicate and its responsible agency is its department again (after an external redirect).
 * `answer`, when given, becomes the public status_notes.
 */
export async function changeStatus(
  client: PoolClient,
  requestId: string,
  to: DetailedStatus,
  status: 'open' | 'closed',
  answer: string | null,
): Promise<void> {
  await client.query(
    `UPDATE service_request r
        SET detailed_status = $2, status = $3, status_notes = coalesce($4, r.status_notes),
            first_handled_at = coalesce(r.first_handled_at, now()),
            closed_at = CASE WHEN $3 = 'closed' THEN coalesce(r.closed_at, now()) END,
            duplicate_of = CASE WHEN $3 = 'closed' THEN r.duplicate_of END,
            agency_responsible = CASE WHEN $3 = 'open' AND r.status = 'closed'
              THEN coalesce((SELECT ${DEPARTMENT_AGENCY} FROM department d JOIN jurisdiction j ON j.id = d.jurisdiction_id
                              WHERE d.id = r.department_id), r.agency_responsible)
              ELSE r.agency_responsible END,
            updated_at = now()
      WHERE r.id = $1`,
    [requestId, to, status, answer],
  );
}

/** A public answer without a status change: the new status_notes. */
export async function setAnswer(client: PoolClient, requestId: string, answer: string): Promise<void> {
  await client.query(`UPDATE service_request SET status_notes = $2, updated_at = now() WHERE id = $1`, [
    requestId,
    answer,
  ]);
}

/**
 * A handler's own `expected_datetime` (GeoReport core field); null clears it. Returns the
 * previous value for the audit log. updated_at moves only when the public value changes.
 */
export async function setExpected(
  client: PoolClient,
  requestId: string,
  expected: string | null,
): Promise<{ previous: string | null; current: string | null }> {
  const result = await client.query<{ previous: string | null; current: string | null }>(
    `UPDATE service_request r
        SET expected_at = $2::timestamptz,
            updated_at = CASE WHEN r.expected_at IS DISTINCT FROM $2::timestamptz THEN now() ELSE r.updated_at END
       FROM service_request old
      WHERE r.id = $1 AND old.id = r.id
      RETURNING ${w3c('old.expected_at')} AS previous, ${w3c('r.expected_at')} AS current`,
    [requestId, expected],
  );
  return result.rows[0];
}
