import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Principal, Role } from '../admin/principal';
import { hashSecret } from './secrets';

type Queryable = Pool | PoolClient;

export type NewHandler = { email: string; name?: string; role: Role; departmentIds?: number[] };

const PRINCIPAL_COLUMNS = `
  h.id, h.email, h.name, h.role,
  ARRAY(SELECT hd.department_id FROM handler_department hd WHERE hd.handler_id = h.id ORDER BY 1) AS "departmentIds"`;

/** Handler tokens carry 256 random bits and a recognisable prefix (secret scanners, logs). */
export const newHandlerToken = (): string => `p311h_${randomBytes(32).toString('base64url')}`;

/** Issues a new bearer token for a handler; only its hash is stored. Returns the token. */
export async function issueHandlerToken(db: Queryable, handlerId: number, label = ''): Promise<string> {
  return (await insertHandlerToken(db, handlerId, label)).token;
}

/** Like issueHandlerToken, and also returns the credential id (to list and revoke it later). */
export async function insertHandlerToken(
  db: Queryable,
  handlerId: number,
  label = '',
): Promise<{ id: number; token: string }> {
  const token = newHandlerToken();
  const result = await db.query<{ id: number }>(
    `INSERT INTO handler_credential (handler_id, kind, secret_hash, label) VALUES ($1, 'token', $2, $3) RETURNING id`,
    [handlerId, hashSecret(token), label],
  );
  return { id: result.rows[0].id, token };
}

/** Creates a handler with department memberships; returns the new id. */
export async function insertHandler(db: Queryable, handler: NewHandler): Promise<number> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO handler (email, name, role) VALUES ($1, $2, $3) RETURNING id`,
    [handler.email.trim(), handler.name ?? '', handler.role],
  );
  const id = result.rows[0].id;
  await setHandlerDepartments(db, id, handler.departmentIds ?? []);
  return id;
}

export async function setHandlerDepartments(db: Queryable, handlerId: number, departmentIds: number[]): Promise<void> {
  await db.query('DELETE FROM handler_department WHERE handler_id = $1', [handlerId]);
  await db.query(
    `INSERT INTO handler_department (handler_id, department_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
    [handlerId, departmentIds],
  );
}

/** The active handler holding this unrevoked token, or null. Marks the token used (only when it lets someone in). */
export async function findPrincipalByToken(pool: Pool, token: string): Promise<Principal | null> {
  const result = await pool.query<Principal>({
    name: 'principal-by-token',
    text: `
      WITH c AS (
        UPDATE handler_credential c SET last_used_at = now()
          FROM handler a
         WHERE a.id = c.handler_id AND a.active
           AND c.kind = 'token' AND c.secret_hash = $1 AND c.revoked_at IS NULL
        RETURNING c.handler_id)
      SELECT ${PRINCIPAL_COLUMNS} FROM handler h JOIN c ON c.handler_id = h.id`,
    values: [hashSecret(token)],
  });
  return result.rows[0] ?? null;
}

/**
 * Where an OpenID Connect sign-in will plug in: a verified (issuer, subject) pair maps to a
 * handler through a credential row of kind `oidc`; roles and departments stay on `handler`.
 */
export async function findPrincipalByIdentity(pool: Pool, issuer: string, subject: string): Promise<Principal | null> {
  const result = await pool.query<Principal>(
    `SELECT ${PRINCIPAL_COLUMNS}
       FROM handler h JOIN handler_credential c ON c.handler_id = h.id
      WHERE c.kind = 'oidc' AND c.issuer = $1 AND c.subject = $2 AND c.revoked_at IS NULL AND h.active`,
    [issuer, subject],
  );
  return result.rows[0] ?? null;
}
