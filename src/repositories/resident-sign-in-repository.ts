import type { Pool } from 'pg';
import type { Locale } from '../domain/catalogue';
import { mailFromSql } from './sql/mail-from';

/**
 * Sign-in links and sessions of "My feedback" by e-mail link (docs/residents.md, "My feedback by
 * e-mail link"). Tokens and session ids are stored only as hashes; addresses lower-cased.
 */

/** The message of a sign-in link in one language; the statement picks the one to queue. */
export type SignInMessage = { locale: Locale; subject: string; body: string };

export type NewSignInLink = {
  /** Lower-cased address as asked for. */
  email: string;
  tokenHash: string;
  minutes: number;
  messageId: string;
  /** The page's language; null: the language of the address's newest request. */
  locale: Locale | null;
  messages: SignInMessage[];
};

/**
 * One statement whether or not the address is known, so that the answer takes the same work
 * either way: it finds the address's newest request and, only when there is one, stores the
 * link and queues its message (to the address exactly as the resident gave it there), in the
 * request's language unless the page's is given, from the sender of that request's city. An
 * address that gave no feedback is never stored.
 */
const CREATE_LINK = `
  WITH latest AS (
    SELECT c.email AS recipient, r.locale, ${mailFromSql('j')} AS mail_from
      FROM request_contact c JOIN service_request r ON r.id = c.request_id
      JOIN jurisdiction j ON j.id = r.jurisdiction_id
     WHERE lower(c.email) = $1 AND c.email IS NOT NULL
     ORDER BY c.request_id DESC LIMIT 1),
  link AS (
    INSERT INTO sign_in_link (token_hash, email, expires_at)
    SELECT $2, $1, now() + $3 * interval '1 minute' FROM latest
    RETURNING id)
  INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body, mail_from)
  SELECT $4, NULL, 'sign_in_link', m.locale, latest.recipient, m.subject, m.body, latest.mail_from
    FROM latest, link, jsonb_to_recordset($6::jsonb) AS m(locale text, subject text, body text)
   WHERE m.locale = coalesce($5, latest.locale)
  RETURNING id`;

/** Stores a link and queues its message when the address has feedback; true when it did. */
export async function createSignInLinkIfKnown(pool: Pool, link: NewSignInLink): Promise<boolean> {
  const result = await pool.query(CREATE_LINK, [
    link.email,
    link.tokenHash,
    link.minutes,
    link.messageId,
    link.locale,
    JSON.stringify(link.messages),
  ]);
  return (result.rowCount ?? 0) > 0;
}

/** Whether a link can still be used (GET shows the button; only the POST uses it). */
export async function isSignInLinkUsable(pool: Pool, tokenHash: string): Promise<boolean> {
  const result = await pool.query(
    `SELECT 1 FROM sign_in_link WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
    [tokenHash],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * Uses the link and opens a session in one statement: the UPDATE's condition makes the use
 * single (of two simultaneous uses only one finds `used_at` still null), and no session exists
 * without its used link. Null when the link is unknown, used or expired.
 */
const REDEEM = `
  WITH used AS (
    UPDATE sign_in_link SET used_at = now()
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
    RETURNING email)
  INSERT INTO resident_session (session_hash, email, expires_at)
  SELECT $2, used.email, now() + $3 * interval '1 hour' FROM used
  RETURNING id`;

export async function redeemSignInLink(
  pool: Pool,
  tokenHash: string,
  sessionHash: string,
  hours: number,
): Promise<boolean> {
  const result = await pool.query(REDEEM, [tokenHash, sessionHash, hours]);
  return (result.rowCount ?? 0) > 0;
}

/** The address of a live session, or null. */
export async function findSessionEmail(pool: Pool, sessionHash: string): Promise<string | null> {
  const result = await pool.query<{ email: string }>(
    `SELECT email FROM resident_session WHERE session_hash = $1 AND expires_at > now()`,
    [sessionHash],
  );
  return result.rows[0]?.email ?? null;
}

export async function deleteSession(pool: Pool, sessionHash: string): Promise<void> {
  await pool.query(`DELETE FROM resident_session WHERE session_hash = $1`, [sessionHash]);
}

/** Forgets sessions that have ended and links a day after they expired (used or not). */
export async function deleteExpiredSignIns(pool: Pool): Promise<void> {
  await pool.query(`DELETE FROM resident_session WHERE expires_at <= now()`);
  await pool.query(`DELETE FROM sign_in_link WHERE expires_at < now() - interval '1 day'`);
}
