import type { PoolClient } from 'pg';

/** The unique constraint that keeps one (issuer, subject) to one handler. */
export const IDENTITY_TAKEN_CONSTRAINT = 'handler_credential_issuer_subject_key';

/** The handler linked to this (issuer, subject), if any. */
export async function identityOwner(client: PoolClient, issuer: string, subject: string): Promise<number | null> {
  const found = await client.query<{ handler_id: number }>(
    `SELECT handler_id FROM handler_credential WHERE kind = 'oidc' AND issuer = $1 AND subject = $2`,
    [issuer, subject],
  );
  return found.rows[0]?.handler_id ?? null;
}

/**
 * Links a handler to one OpenID identity, replacing the one they had (a handler has at most
 * one, docs/handler-sign-in.md); null unlinks. A subject already linked to another handler
 * fails on the unique (issuer, subject) constraint: the caller turns that into a 409.
 */
export async function setHandlerIdentity(
  client: PoolClient,
  handlerId: number,
  identity: { issuer: string; subject: string } | null,
): Promise<void> {
  await client.query(`DELETE FROM handler_credential WHERE kind = 'oidc' AND handler_id = $1`, [handlerId]);
  if (identity === null) return;
  await client.query(
    `INSERT INTO handler_credential (handler_id, kind, issuer, subject, label) VALUES ($1, 'oidc', $2, $3, 'OpenID Connect')`,
    [handlerId, identity.issuer, identity.subject],
  );
}

export type EmailLink =
  { outcome: 'linked'; handlerId: number; fresh: boolean } | { outcome: 'inactive' | 'linked-elsewhere' | 'none' };

/**
 * The first sign-in of a pre-created account: the handler with this e-mail address (compared
 * case-insensitively), its row held until the transaction ends, gets this identity, unless it is
 * deactivated or already linked to an identity (then only that identity signs it in). Two first
 * sign-ins at once: the second finds the identity linked and reports `linked-elsewhere` only if
 * it was another subject.
 */
export async function linkIdentityByEmail(
  client: PoolClient,
  issuer: string,
  subject: string,
  email: string,
): Promise<EmailLink> {
  const found = await client.query<{ id: number; active: boolean; linked: { issuer: string; subject: string } | null }>(
    `SELECT h.id, h.active,
            (SELECT json_build_object('issuer', c.issuer, 'subject', c.subject) FROM handler_credential c
              WHERE c.handler_id = h.id AND c.kind = 'oidc') AS linked
       FROM handler h WHERE lower(h.email) = lower($1) FOR NO KEY UPDATE OF h`,
    [email.trim()],
  );
  const handler = found.rows[0];
  if (handler === undefined) return { outcome: 'none' };
  if (!handler.active) return { outcome: 'inactive' };
  if (handler.linked !== null) {
    const same = handler.linked.issuer === issuer && handler.linked.subject === subject;
    return same ? { outcome: 'linked', handlerId: handler.id, fresh: false } : { outcome: 'linked-elsewhere' };
  }
  const inserted = await client.query(
    `INSERT INTO handler_credential (handler_id, kind, issuer, subject, label)
     VALUES ($1, 'oidc', $2, $3, 'OpenID Connect (linked by e-mail)') ON CONFLICT DO NOTHING`,
    [handler.id, issuer, subject],
  );
  // Nothing inserted: this subject is another handler's (the e-mail is not theirs).
  return inserted.rowCount === 1
    ? { outcome: 'linked', handlerId: handler.id, fresh: true }
    : { outcome: 'linked-elsewhere' };
}
