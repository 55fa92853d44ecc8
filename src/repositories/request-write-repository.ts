import type { Pool } from 'pg';
import type { NewRequest } from '../domain/new-request';

/**
 * One statement, so one implicit transaction: the request, its contact row (kept apart from
 * public data) and the public "received" event are written together or not at all.
 */
const INSERT = `
  WITH n AS (SELECT nextval('service_request_number') AS n),
  r AS (
    INSERT INTO service_request (public_id, jurisdiction_id, service_id, visibility, publication_consent,
      title_original, description_original, title_public, description_public, agency_responsible,
      service_notice, address, address_id, zipcode, geom, locale, token, application_id, attributes, media_urls)
    SELECT to_char(now() AT TIME ZONE 'Europe/Helsinki', 'YYYY') || '-' ||
             CASE WHEN n.n < 1000000 THEN lpad(n.n::text, 6, '0') ELSE n.n::text END,
           $1, $2, $3, $4, $5, $6, $5, $6, $7, $8, $9, $10, $11,
           CASE WHEN $12::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($13::float8, $12::float8), 4326) END,
           $14, $15, $16, $17, $18
      FROM n
    RETURNING id, public_id, token),
  c AS (
    INSERT INTO request_contact (request_id, email, phone, first_name, last_name, account_id, device_id)
    SELECT id, $19, $20, $21, $22, $23, $24 FROM r),
  e AS (
    INSERT INTO request_event (request_id, kind, public, status, detailed_status, actor)
    SELECT id, 'created', true, 'open', 'RECEIVED', 'resident' FROM r)
  SELECT public_id, token FROM r`;

/** Stores a validated request; returns its public id (and batch token). */
export async function insertRequest(
  pool: Pool,
  request: NewRequest,
): Promise<{ publicId: string; token: string | null }> {
  const c = request.contact;
  const result = await pool.query<{ public_id: string; token: string | null }>({
    name: 'insert-request',
    text: INSERT,
    values: [
      request.jurisdictionId,
      request.serviceId,
      request.visibility,
      request.publicationConsent,
      request.title,
      request.description,
      request.agencyResponsible,
      request.serviceNotice,
      request.address,
      request.addressId,
      request.zipcode,
      request.lat,
      request.long,
      request.locale,
      request.token,
      request.applicationId,
      JSON.stringify(request.attributes),
      request.mediaUrls,
      c.email,
      c.phone,
      c.firstName,
      c.lastName,
      c.accountId,
      c.deviceId,
    ],
  });
  return { publicId: result.rows[0].public_id, token: result.rows[0].token };
}
