import type { Pool, PoolClient } from 'pg';
import type { NewRequest } from '../domain/new-request';
import type { StoredPhoto } from '../domain/stored-photo';
import { hashSecret } from '../domain/secrets';
import type { OutboxMessage } from './outbox-repository';
import { mailFromSql } from './sql/mail-from';
import { photoRows } from './sql/photo-rows';

/**
 * One statement, so one implicit transaction and one round trip: the request under its reserved
 * number, its contact row (kept apart from public data), the public "received" event, the photos
 * and the acknowledgement e-mail (composed by the caller, src/domain/submit-request.ts) are
 * written together or not at all. The receipt
 * time comes from the app, the one the deadline was computed from; expected_at is the
 * service's current handling estimate read here, not from the cached catalogue.
 *
 * The acknowledgement is sent from the city's own sender (outbox.mail_from). A request a handler
 * took in for a resident (docs/staff-intake.md) records its channel and the handler, who is also
 * the `created` event's actor; the public history shows that event as any other, without either.
 */
const INSERT = `
  WITH r AS (
    INSERT INTO service_request (public_id, jurisdiction_id, service_id, visibility, publication_consent,
      title_original, description_original, title_public, description_public, agency_responsible,
      service_notice, address, address_id, zipcode, geom, locale, token, application_id, attributes, media_urls,
      tracking_token_hash, screening_hits, department_id, requested_at, updated_at, deadline_at, expected_at,
      intake_channel, intake_handler_id, nickname)
    SELECT $35,
           $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
           CASE WHEN $14::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($15::float8, $14::float8), 4326) END,
           $16, $17, $18, $19, $20, $21, $22, (SELECT department_id FROM service WHERE id = $2), $31, $31, $32,
           $31::timestamptz + (SELECT estimate_seconds FROM service WHERE id = $2) * interval '1 second',
           $42, $43, $44
    RETURNING id, public_id, token),
  c AS (
    INSERT INTO request_contact (request_id, email, phone, first_name, last_name, account_id, device_id,
                                 resident_issuer, resident_subject)
    SELECT id, $23, $24, $25, $26, $27, $28, $33, $34 FROM r),
  e AS (
    INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, actor, handler_id, data)
    SELECT id, $31, 'created', true, 'open', 'RECEIVED', CASE WHEN $43::int IS NULL THEN 'resident' ELSE 'handler' END,
           $43, CASE WHEN $42::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('channel', $42::text) END FROM r),
  m AS (
    INSERT INTO media (public_id, request_id, position, published, content_type, bytes, width, height,
                       storage_key, thumbnail_key)
    SELECT p.public_id, r.id, p.position, $30, 'image/jpeg', p.bytes, p.width, p.height, p.storage_key, p.thumbnail_key
      FROM r, jsonb_to_recordset($29::jsonb) AS p(public_id text, position int, bytes int, width int, height int,
                                                  storage_key text, thumbnail_key text)),
  o AS (
    INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body, mail_from)
    SELECT $36, r.id, $37, $38, $39, $40, $41, (SELECT ${mailFromSql('j')} FROM jurisdiction j WHERE j.id = $1)
      FROM r WHERE $36::text IS NOT NULL)
  SELECT id, public_id, token FROM r`;

/**
 * The next number of the city's own sequence, as the request's id (docs/domain-model.md,
 * "Cities"): `JP-2026-000001` for a city with a `request_prefix`, the plain `2026-000352` for the
 * one without (year of receipt in Finnish time, at least six digits). The sequence's name is a
 * column of the city's row, checked by the schema, and reaches `nextval` as a value, never as
 * SQL text. Taken before the request is stored, so that its acknowledgement can name it; a number
 * taken by a POST that then fails is skipped, as sequences do.
 */
export async function reserveRequestNumber(
  db: Pool | PoolClient,
  jurisdictionId: string,
  receivedAt: Date,
): Promise<string> {
  const result = await db.query<{ public_id: string }>({
    name: 'reserve-request-number',
    text: `SELECT coalesce(j.request_prefix || '-', '') ||
                  to_char($2::timestamptz AT TIME ZONE 'Europe/Helsinki', 'YYYY') || '-' ||
                  CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END AS public_id
             FROM jurisdiction j, nextval(j.number_sequence::regclass) AS n
            WHERE j.id = $1`,
    values: [jurisdictionId, receivedAt],
  });
  const row = result.rows[0];
  if (row === undefined) throw new Error(`jurisdiction ${jurisdictionId} does not exist`);
  return row.public_id;
}

/**
 * Photos are published with the request when it goes public at once (auto moderation, no
 * screening hit); otherwise they wait for a handler, like the text.
 */
function values(request: NewRequest, photos: StoredPhoto[], publicId: string, mail: Acknowledgement): unknown[] {
  const c = request.contact;
  return [
    request.jurisdictionId,
    request.serviceId,
    request.visibility,
    request.publicationConsent,
    request.title,
    request.description,
    request.publicTitle,
    request.publicDescription,
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
    request.trackingToken === null ? null : hashSecret(request.trackingToken),
    JSON.stringify(request.screeningHits),
    c.email,
    c.phone,
    c.firstName,
    c.lastName,
    c.accountId,
    c.deviceId,
    photoRows(photos),
    request.visibility === 'public',
    request.receivedAt,
    request.deadlineAt,
    request.resident?.issuer ?? null,
    request.resident?.subject ?? null,
    publicId,
    mail?.messageId ?? null,
    mail?.kind ?? null,
    mail?.locale ?? null,
    mail?.recipient ?? null,
    mail?.subject ?? null,
    mail?.body ?? null,
    request.intake?.channel ?? null,
    request.intake?.handlerId ?? null,
    request.nickname,
  ];
}

/** The acknowledgement to queue with the request, or null (no e-mail address). */
type Acknowledgement = Omit<OutboxMessage, 'requestId'> | null;

/**
 * Stores a validated request under its reserved number, with its acknowledgement when there is
 * one, in one statement; returns its ids (and batch token).
 */
export async function insertRequest(
  db: Pool | PoolClient,
  stored: { request: NewRequest; publicId: string; photos?: StoredPhoto[]; acknowledgement?: Acknowledgement },
): Promise<{ id: string; publicId: string; token: string | null }> {
  const { request, publicId, photos = [], acknowledgement = null } = stored;
  const result = await db.query<{ id: string; public_id: string; token: string | null }>({
    name: 'insert-request',
    text: INSERT,
    values: values(request, photos, publicId, acknowledgement),
  });
  const row = result.rows[0];
  return { id: row.id, publicId: row.public_id, token: row.token };
}
