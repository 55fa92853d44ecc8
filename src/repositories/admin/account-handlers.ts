import type { Pool, PoolClient } from 'pg';
import type { Role } from '../../admin/principal';
import { w3c } from '../public-scope';

type Queryable = Pool | PoolClient;

/** A handler as admins see it (AdminHandler): never a credential's secret. */
export type HandlerRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  department_ids: number[];
  active: boolean;
  created_datetime: string;
  updated_datetime: string;
  last_used_datetime: string | null;
};

export type HandlerChanges = {
  email?: string;
  name?: string;
  role?: Role;
  active?: boolean;
};

const HANDLER_COLUMNS = `
  h.id, h.email, h.name, h.role,
  ARRAY(SELECT hd.department_id FROM handler_department hd WHERE hd.handler_id = h.id ORDER BY 1) AS department_ids,
  h.active, ${w3c('h.created_at')} AS created_datetime, ${w3c('h.updated_at')} AS updated_datetime,
  (SELECT ${w3c('max(c.last_used_at)')} FROM handler_credential c WHERE c.handler_id = h.id) AS last_used_datetime`;

/** Every handler, active or not, by e-mail: a city has hundreds at most, so no paging. */
export async function listHandlers(db: Queryable): Promise<HandlerRow[]> {
  const result = await db.query<HandlerRow>(`SELECT ${HANDLER_COLUMNS} FROM handler h ORDER BY lower(h.email), h.id`);
  return result.rows;
}

/** One handler; `lock` holds the row for the rest of the transaction. */
export async function findHandler(db: Queryable, id: number, lock = false): Promise<HandlerRow | null> {
  const result = await db.query<HandlerRow>(
    `SELECT ${HANDLER_COLUMNS} FROM handler h WHERE h.id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [id],
  );
  return result.rows[0] ?? null;
}

/** Whether another handler already has this e-mail address, compared case-insensitively. */
export async function emailTaken(db: Queryable, email: string, exceptId: number | null = null): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM handler WHERE lower(email) = lower($1) AND id IS DISTINCT FROM $2', [
    email.trim(),
    exceptId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/** The ids in `ids` that are not departments. */
export async function unknownDepartments(db: Queryable, ids: readonly number[]): Promise<number[]> {
  const result = await db.query<{ id: number }>('SELECT id FROM department WHERE id = ANY($1::int[])', [ids]);
  const known = new Set(result.rows.map((row) => row.id));
  return [...new Set(ids)].filter((id) => !known.has(id));
}

/**
 * Locks every active admin (in id order, so two transactions cannot deadlock) and returns their
 * ids. Two admins demoting each other at once then take turns, and the second one sees that
 * the first is no longer an admin: the last admin cannot vanish in a race.
 */
export async function lockActiveAdmins(client: PoolClient): Promise<number[]> {
  const result = await client.query<{ id: number }>(
    `SELECT id FROM handler WHERE role = 'admin' AND active ORDER BY id FOR NO KEY UPDATE`,
  );
  return result.rows.map((row) => row.id);
}

/** Applies the given changes; `updated_at` moves. */
export async function updateHandler(client: PoolClient, id: number, changes: HandlerChanges): Promise<void> {
  await client.query(
    `UPDATE handler SET email = coalesce($2, email), name = coalesce($3, name), role = coalesce($4, role),
            active = coalesce($5, active), updated_at = now()
      WHERE id = $1`,
    [id, changes.email?.trim() ?? null, changes.name ?? null, changes.role ?? null, changes.active ?? null],
  );
}
