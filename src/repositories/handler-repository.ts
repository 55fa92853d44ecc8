import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Principal, Role } from '../domain/principal';
import { HandlerEntity } from '../db/entities/handler';
import { HandlerCredentialEntity } from '../db/entities/handler-credential';
import { HandlerDepartmentEntity } from '../db/entities/handler-department';
import { entityManager } from '../db/orm';
import { hashSecret } from '../domain/secrets';

type Queryable = Pool | PoolClient;

/**
 * `jurisdictionId`: the handler's city; null makes an admin an instance admin. Left out, an
 * admin is an instance admin and a handler or viewer joins the city of their first department,
 * else the first city created (the command line and older callers name no city).
 */
export type NewHandler = {
  email: string;
  name?: string;
  role: Role;
  departmentIds?: number[];
  jurisdictionId?: string | null;
};

const PRINCIPAL_COLUMNS = `
  h.id, h.email, h.name, h.role, h.jurisdiction_id AS "jurisdictionId",
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
  const credential = await entityManager(db).save(HandlerCredentialEntity, {
    handlerId,
    kind: 'token',
    secretHash: hashSecret(token),
    label,
  });
  return { id: credential.id, token };
}

/**
 * Creates a handler with department memberships; returns the new id. Both land together: in
 * the caller's transaction, or in one of their own when given the pool.
 */
export async function insertHandler(db: Queryable, handler: NewHandler): Promise<number> {
  return entityManager(db).transaction(async (manager) => {
    const jurisdictionId =
      handler.jurisdictionId !== undefined || handler.role === 'admin'
        ? (handler.jurisdictionId ?? null)
        : await implicitCity(manager, handler.departmentIds ?? []);
    const { id } = await manager.save(HandlerEntity, {
      email: handler.email.trim(),
      name: handler.name ?? '',
      role: handler.role,
      jurisdictionId,
    });
    await replaceDepartments(manager, id, handler.departmentIds ?? []);
    return id;
  });
}

/** The city of the first of these departments, else the first city created; null when there is none. */
async function implicitCity(manager: EntityManager, departmentIds: number[]): Promise<string | null> {
  const rows: { id: string }[] = await manager.query(
    `SELECT coalesce(
       (SELECT d.jurisdiction_id FROM department d WHERE d.id = ANY($1::int[]) ORDER BY d.id LIMIT 1),
       (SELECT j.id FROM jurisdiction j ORDER BY j.created_at, j.id LIMIT 1)) AS id`,
    [departmentIds],
  );
  return rows[0]?.id ?? null;
}

async function replaceDepartments(manager: EntityManager, handlerId: number, departmentIds: number[]): Promise<void> {
  await manager.delete(HandlerDepartmentEntity, { handlerId });
  const unique = [...new Set(departmentIds)];
  if (unique.length > 0) {
    await manager.insert(
      HandlerDepartmentEntity,
      unique.map((departmentId) => ({ handlerId, departmentId })),
    );
  }
}

/** Replaces a handler's department memberships (duplicates in the list count once). */
export async function setHandlerDepartments(db: Queryable, handlerId: number, departmentIds: number[]): Promise<void> {
  await entityManager(db).transaction((manager) => replaceDepartments(manager, handlerId, departmentIds));
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
 * The handler linked to a verified OpenID (issuer, subject): a credential row of kind `oidc`;
 * roles, departments and city stay on `handler` (docs/handler-sign-in.md). Returned whether
 * active or not, so that a deactivated account is told apart from an unknown subject; the
 * identity is marked used only when it lets someone in.
 */
export async function findPrincipalByIdentity(
  pool: Pool,
  issuer: string,
  subject: string,
): Promise<{ principal: Principal; active: boolean } | null> {
  const result = await pool.query<Principal & { active: boolean }>({
    name: 'principal-by-identity',
    text: `
      WITH used AS (
        UPDATE handler_credential c SET last_used_at = now()
          FROM handler a
         WHERE a.id = c.handler_id AND a.active
           AND c.kind = 'oidc' AND c.issuer = $1 AND c.subject = $2 AND c.revoked_at IS NULL
        RETURNING c.handler_id)
      SELECT ${PRINCIPAL_COLUMNS}, h.active
        FROM handler h JOIN handler_credential c ON c.handler_id = h.id
       WHERE c.kind = 'oidc' AND c.issuer = $1 AND c.subject = $2 AND c.revoked_at IS NULL`,
    values: [issuer, subject],
  });
  const row = result.rows[0];
  if (row === undefined) return null;
  const { active, ...principal } = row;
  return { principal, active };
}
