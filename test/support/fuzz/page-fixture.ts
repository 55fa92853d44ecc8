import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { hashSecret } from '../../../src/domain/secrets';
import { plantRequest } from '../factories';

/** The e-mail address of the pages' request, its sign-in links and its sessions. */
const EMAIL = 'asukas@example.fi';

export type PageFixture = {
  pageRequestId: string;
  trackingToken: string;
  signInToken: string;
  spentSignInToken: string;
  session: string;
  spareSession: string;
};

/** A secret as the service makes it (32 random bytes, base64url): the only shape it looks up. */
const secret = (): string => randomBytes(32).toString('base64url');

async function plantSignInLink(pool: Pool): Promise<string> {
  const token = secret();
  await pool.query(
    `INSERT INTO sign_in_link (token_hash, email, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
    [hashSecret(token), EMAIL],
  );
  return token;
}

async function plantSession(pool: Pool): Promise<string> {
  const session = secret();
  await pool.query(
    `INSERT INTO resident_session (session_hash, email, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
    [hashSecret(session), EMAIL],
  );
  return session;
}

/**
 * What the pages for people need (docs/pages.md, docs/residents.md): an open public request
 * with an e-mail address and a tracking token of its own (the admin calls never touch it), two
 * sign-in links and two "My feedback" sessions of that address. Tokens are stored as the service
 * stores them: only their SHA-256 hashes.
 */
export async function plantPageFixture(pool: Pool, serviceId: number): Promise<PageFixture> {
  const pageRequestId = await plantRequest(pool, {
    serviceId,
    publicId: '2026-000903',
    title: 'Kuoppa koulun kohdalla',
    email: EMAIL,
    lat: 60.4041,
    long: 25.1043,
    address: 'Kauppakaari 11, Kerava',
  });
  const trackingToken = randomBytes(24).toString('base64url');
  await pool.query('UPDATE service_request SET tracking_token_hash = $1 WHERE public_id = $2', [
    hashSecret(trackingToken),
    pageRequestId,
  ]);
  return {
    pageRequestId,
    trackingToken,
    signInToken: await plantSignInLink(pool),
    spentSignInToken: await plantSignInLink(pool),
    session: await plantSession(pool),
    spareSession: await plantSession(pool),
  };
}
