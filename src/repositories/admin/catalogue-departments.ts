import type { Pool, PoolClient } from 'pg';
import type { DepartmentCreate, DepartmentPatch } from '../../admin/catalogue/service-input';

type Queryable = Pool | PoolClient;

/** The wire shape (AdminCatalogueDepartment). */
export type AdminDepartment = { department_id: number; jurisdiction_id: string; code: string; names: object };

const SELECT = `
  SELECT d.id AS department_id, d.jurisdiction_id, d.code,
         (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(d.names) e
           WHERE e.key IN ('fi','sv','en') AND jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' <> '') AS names
    FROM department d`;

export async function listDepartments(db: Queryable, jurisdictionId: string): Promise<AdminDepartment[]> {
  const result = await db.query<AdminDepartment>(`${SELECT} WHERE d.jurisdiction_id = $1 ORDER BY d.code`, [
    jurisdictionId,
  ]);
  return result.rows;
}

export async function findDepartment(db: Queryable, id: number): Promise<AdminDepartment | null> {
  const result = await db.query<AdminDepartment>(`${SELECT} WHERE d.id = $1`, [id]);
  return result.rows[0] ?? null;
}

/** Whether another department of the municipality already has this code. */
export async function departmentCodeTaken(
  db: Queryable,
  jurisdictionId: string,
  code: string,
  exceptId: number | null = null,
): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM department WHERE jurisdiction_id = $1 AND code = $2 AND id IS DISTINCT FROM $3',
    [jurisdictionId, code, exceptId],
  );
  return result.rowCount !== 0;
}

export async function insertDepartment(
  client: PoolClient,
  jurisdictionId: string,
  body: DepartmentCreate,
): Promise<number> {
  const result = await client.query<{ id: number }>(
    'INSERT INTO department (jurisdiction_id, code, names) VALUES ($1, $2, $3) RETURNING id',
    [jurisdictionId, body.code, JSON.stringify(body.names)],
  );
  return result.rows[0].id;
}

export async function updateDepartment(client: PoolClient, id: number, body: DepartmentPatch): Promise<void> {
  await client.query(
    'UPDATE department SET code = coalesce($2, code), names = coalesce($3::jsonb, names) WHERE id = $1',
    [id, body.code ?? null, body.names === undefined ? null : JSON.stringify(body.names)],
  );
}
