import type { PoolClient } from 'pg';
import { EVENT_KINDS } from '../domain/event-kinds';

/**
 * The writes of erasure (docs/retention.md), inside the caller's transaction with the request row
 * locked. `contact` erases what identifies or reaches the submitter; `all` also the original
 * texts and the unpublished photos. Public columns, published photos and the events' public
 * fields are never touched.
 */
export type ErasureScope = 'contact' | 'all';

export type ErasedData = {
  /** Outbox messages about the request whose recipient and text were blanked. */
  mails: number;
  /** Unsent messages among them, now failed: they will never be sent. */
  unsentMails: number;
  /** Sign-in links and sessions removed because no other request has their address. */
  signIns: number;
  /** Storage keys of removed photo rows (full size and thumbnail), for the caller to delete from the store. */
  photoKeys: string[];
};

export type ErasureState = { erasedAt: Date | null; contactErasedAt: Date | null; eventId: string | null };

/** The request's erasure marks and its latest erasure event, or null when there is no such request. */
export async function readErasureState(client: PoolClient, requestId: string): Promise<ErasureState | null> {
  const found = await client.query<ErasureState>(
    `SELECT r.erased_at AS "erasedAt", r.contact_erased_at AS "contactErasedAt",
            (SELECT max(e.id) FROM request_event e WHERE e.request_id = r.id AND e.kind = $2)::text AS "eventId"
       FROM service_request r WHERE r.id = $1`,
    [requestId, EVENT_KINDS.erased],
  );
  return found.rows[0] ?? null;
}

/**
 * Blanks the contact row, the mails and the webhook payloads; removes sign-ins of an address no
 * other request has.
 */
async function eraseContact(client: PoolClient, requestId: string): Promise<Omit<ErasedData, 'photoKeys'>> {
  const contact = await client.query<{ email: string | null }>(
    `UPDATE request_contact c SET email = NULL, phone = NULL, first_name = NULL, last_name = NULL,
            account_id = NULL, device_id = NULL, resident_issuer = NULL, resident_subject = NULL
       FROM (SELECT lower(email) AS email FROM request_contact WHERE request_id = $1) old
      WHERE c.request_id = $1
     RETURNING old.email`,
    [requestId],
  );
  const mails = await client.query<{ unsent: boolean }>(
    `UPDATE outbox SET recipient = '', subject = '', body = '',
            failed_at = CASE WHEN sent_at IS NULL THEN coalesce(failed_at, now()) ELSE failed_at END,
            last_error = CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 'erased before sending'
                              ELSE last_error END
       FROM (SELECT id, sent_at IS NULL AND failed_at IS NULL AS unsent FROM outbox WHERE request_id = $1) o
      WHERE outbox.id = o.id
     RETURNING o.unsent`,
    [requestId],
  );
  // A webhook payload is the admin view as it was, contact details included (docs/webhooks.md):
  // dropped, so a pending or redelivered delivery is built again from the erased request.
  await client.query(`UPDATE webhook_delivery SET payload = NULL WHERE request_id = $1 AND payload IS NOT NULL`, [
    requestId,
  ]);
  const email = contact.rows[0]?.email ?? null;
  return {
    mails: mails.rowCount ?? 0,
    unsentMails: mails.rows.filter((row) => row.unsent).length,
    signIns: email === null ? 0 : await forgetAddress(client, email),
  };
}

/**
 * An address that no request carries any more leaves no trace: its sign-in links, sessions and
 * the sign-in mails sent to it (which belong to no request).
 */
async function forgetAddress(client: PoolClient, email: string): Promise<number> {
  const used = await client.query(`SELECT 1 FROM request_contact WHERE lower(email) = $1 LIMIT 1`, [email]);
  if (used.rowCount) return 0;
  const links = await client.query(`DELETE FROM sign_in_link WHERE lower(email) = $1`, [email]);
  const sessions = await client.query(`DELETE FROM resident_session WHERE lower(email) = $1`, [email]);
  await client.query(
    `UPDATE outbox SET recipient = '', subject = '', body = '',
            failed_at = CASE WHEN sent_at IS NULL THEN coalesce(failed_at, now()) ELSE failed_at END
      WHERE request_id IS NULL AND lower(recipient) = $1`,
    [email],
  );
  return (links.rowCount ?? 0) + (sessions.rowCount ?? 0);
}

/**
 * The original texts (the public copies stay), the tracking token that opened the owner's view of
 * them, the resident's own text kept in their added-details events, and the unpublished photos.
 */
async function eraseOriginals(client: PoolClient, requestId: string): Promise<string[]> {
  await client.query(
    `UPDATE service_request SET title_original = NULL, description_original = NULL, tracking_token_hash = NULL,
            erased_at = now()
      WHERE id = $1`,
    [requestId],
  );
  await client.query(`UPDATE request_event SET data = data - 'text' WHERE request_id = $1 AND kind = $2`, [
    requestId,
    EVENT_KINDS.residentAddedDetails,
  ]);
  const photos = await client.query<{ storage_key: string; thumbnail_key: string }>(
    `DELETE FROM media WHERE request_id = $1 AND NOT published RETURNING storage_key, thumbnail_key`,
    [requestId],
  );
  return photos.rows.flatMap((row) => [row.storage_key, row.thumbnail_key]);
}

/** Erases the request's personal data of `scope`; the caller holds the row and writes the audit event. */
export async function eraseRequestData(
  client: PoolClient,
  requestId: string,
  scope: ErasureScope,
): Promise<ErasedData> {
  const contact = await eraseContact(client, requestId);
  await client.query(
    `UPDATE service_request SET contact_erased_at = coalesce(contact_erased_at, now()) WHERE id = $1`,
    [requestId],
  );
  const photoKeys = scope === 'all' ? await eraseOriginals(client, requestId) : [];
  return { ...contact, photoKeys };
}

/**
 * Up to `limit` closed requests whose contact details are still kept and whose closing is more
 * than `months` months ago, oldest closure first, locked for the caller's transaction. SKIP
 * LOCKED: two processes running the job at once take different requests, never the same one.
 */
export async function claimExpiredContacts(client: PoolClient, months: number, limit: number): Promise<string[]> {
  const found = await client.query<{ id: string }>(
    `SELECT id FROM service_request
      WHERE closed_at IS NOT NULL AND contact_erased_at IS NULL AND status = 'closed'
        AND closed_at < now() - make_interval(months => $1::int)
      ORDER BY closed_at, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    [months, limit],
  );
  return found.rows.map((row) => row.id);
}

/** Whether the request's contact row holds anything at all (anonymous feedback holds nothing). */
export async function hasContactDetails(client: PoolClient, requestId: string): Promise<boolean> {
  const found = await client.query(
    `SELECT 1 FROM request_contact
      WHERE request_id = $1
        AND coalesce(email, phone, first_name, last_name, account_id, device_id, resident_issuer, resident_subject)
            IS NOT NULL`,
    [requestId],
  );
  return (found.rowCount ?? 0) > 0;
}
