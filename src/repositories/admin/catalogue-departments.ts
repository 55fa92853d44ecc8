import type { Pool, PoolClient } from 'pg';
import { Not } from 'typeorm';
import type { DepartmentCreate, DepartmentPatch } from '../../domain/catalogue-input';
import { DepartmentEntity, type DepartmentRecord } from '../../db/entities/department';
import { entityManager } from '../../db/orm';
import { localized } from '../wire-format';

type Queryable = Pool | PoolClient;

/** The wire shape (AdminCatalogueDepartment). */
export type AdminDepartment = {
  department_id: number;
  jurisdiction_id: string;
  code: string;
  names: object;
  alert_email: string | null;
  alert_handlers: boolean;
  digest: boolean;
};

const toWire = (department: DepartmentRecord): AdminDepartment => ({
  department_id: department.id,
  jurisdiction_id: department.jurisdictionId,
  code: department.code,
  names: localized(department.names),
  alert_email: department.alertEmail,
  alert_handlers: department.alertHandlers,
  digest: department.digest,
});

/** The alert settings given in a body (docs/alerts.md); an address keeps no surrounding spaces. */
const alertChanges = (body: DepartmentPatch): Partial<DepartmentRecord> => ({
  ...(body.alert_email === undefined ? {} : { alertEmail: body.alert_email?.trim() ?? null }),
  ...(body.alert_handlers === undefined ? {} : { alertHandlers: body.alert_handlers }),
  ...(body.digest === undefined ? {} : { digest: body.digest }),
});

/** One city's departments by code; null: every city's, by city and code. */
export async function listDepartments(db: Queryable, jurisdictionId: string | null): Promise<AdminDepartment[]> {
  const departments = await entityManager(db).find(DepartmentEntity, {
    where: jurisdictionId === null ? {} : { jurisdictionId },
    order: jurisdictionId === null ? { jurisdictionId: 'ASC', code: 'ASC' } : { code: 'ASC' },
  });
  return departments.map(toWire);
}

export async function findDepartment(db: Queryable, id: number): Promise<AdminDepartment | null> {
  const department = await entityManager(db).findOneBy(DepartmentEntity, { id });
  return department && toWire(department);
}

/** Whether another department of the municipality already has this code. */
export async function departmentCodeTaken(
  db: Queryable,
  jurisdictionId: string,
  code: string,
  exceptId: number | null = null,
): Promise<boolean> {
  return entityManager(db).existsBy(DepartmentEntity, {
    jurisdictionId,
    code,
    ...(exceptId === null ? {} : { id: Not(exceptId) }),
  });
}

export async function insertDepartment(
  client: PoolClient,
  jurisdictionId: string,
  body: DepartmentCreate,
): Promise<number> {
  const department = await entityManager(client).save(DepartmentEntity, {
    jurisdictionId,
    code: body.code,
    names: body.names,
    ...alertChanges(body),
  });
  return department.id;
}

export async function updateDepartment(client: PoolClient, id: number, body: DepartmentPatch): Promise<void> {
  const changes: Partial<DepartmentRecord> = alertChanges(body);
  if (body.code !== undefined) changes.code = body.code;
  if (body.names !== undefined) changes.names = body.names;
  if (Object.keys(changes).length > 0) await entityManager(client).update(DepartmentEntity, { id }, changes);
}
