import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { LOCALES, type Locale } from '../domain/catalogue';
import { hashSecret } from '../domain/secrets';
import { newMessageId } from '../mail/enqueue';
import { composeSignInMail } from '../mail/templates';
import {
  createSignInLinkIfKnown,
  deleteExpiredSignIns,
  deleteSession,
  findSessionEmail,
  isSignInLinkUsable,
  redeemSignInLink,
} from '../repositories/resident-sign-in-repository';

/**
 * "My feedback" by e-mail link (docs/residents.md, "My feedback by e-mail link"): a resident who
 * gave an e-mail address with their feedback signs in with a single-use link sent to it. Tokens
 * and session ids are 256 random bits, handed out once and stored only as SHA-256 hashes.
 */

/** The same rule as the `email` a request is sent with (openapi.yaml, CreateServiceRequestBody). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_MAX = 254;

/** A form's address, trimmed and lower-cased (addresses are matched case-insensitively), or null. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email.length <= EMAIL_MAX && EMAIL.test(email) ? email : null;
}

/** Tokens and session ids as we make them: 32 random bytes in base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const newSecret = (): string => randomBytes(32).toString('base64url');

/** An id that cannot be ours hashes to a value no row has: the same lookup, the same answer. */
const hashOf = (secret: string): string => hashSecret(SECRET.test(secret) ? secret : '');

export type SignInLinkRequest = {
  email: string;
  /** The page's language; null: the language of the resident's newest request. */
  locale: Locale | null;
  baseUrl: string;
  minutes: number;
};

/**
 * Sends a sign-in link when the address has feedback, and does nothing else when it has none;
 * the caller answers the same either way, so the answer never tells whether an address is known.
 * The message is composed in every language before the one statement that picks it, so both
 * cases cost the same work.
 */
export async function requestSignInLink(pool: Pool, request: SignInLinkRequest): Promise<void> {
  const token = newSecret();
  const link = `${request.baseUrl}/my/sign-in/${token}`;
  await createSignInLinkIfKnown(pool, {
    email: request.email,
    tokenHash: hashSecret(token),
    minutes: request.minutes,
    messageId: newMessageId(request.baseUrl),
    locale: request.locale,
    // Each language's link opens its page in that language.
    messages: LOCALES.map((locale) => ({
      locale,
      ...composeSignInMail(locale, `${link}?lang=${locale}`, request.minutes),
    })),
  });
}

/** Whether the link can still be used; looking does not use it (mail scanners open links). */
export async function signInLinkUsable(pool: Pool, token: string): Promise<boolean> {
  return isSignInLinkUsable(pool, hashOf(token));
}

/** Uses the link once and opens a session: its id (for the cookie), or null when the link is spent. */
export async function signInWithLink(pool: Pool, token: string, hours: number): Promise<string | null> {
  const sessionId = newSecret();
  const opened = await redeemSignInLink(pool, hashOf(token), hashSecret(sessionId), hours);
  if (!opened) return null;
  await deleteExpiredSignIns(pool);
  return sessionId;
}

/** The lower-cased address of a live session, or null. */
export async function sessionEmail(pool: Pool, sessionId: string | undefined): Promise<string | null> {
  if (sessionId === undefined || !SECRET.test(sessionId)) return null;
  return findSessionEmail(pool, hashSecret(sessionId));
}

export async function signOut(pool: Pool, sessionId: string | undefined): Promise<void> {
  if (sessionId !== undefined && SECRET.test(sessionId)) await deleteSession(pool, hashSecret(sessionId));
}
