import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { badRequest, conflict, notFound } from '../../domain/errors';
import { beginCatalogueChange, recordCatalogueEvent } from '../../repositories/admin/catalogue-changes';
import {
  departmentCodeTaken,
  findDepartment,
  insertDepartment,
  listDepartments as listDepartmentRows,
  updateDepartment as updateDepartmentRow,
} from '../../repositories/admin/catalogue-departments';
import { withTransaction } from '../../repositories/transaction';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import { pathId } from '../path-id';
import { inCity } from '../../domain/principal';
import { catalogueJurisdiction, catalogueListCity } from './catalogue-scope';
import { missingDefault, type DepartmentCreate, type DepartmentPatch } from './service-input';

/**
 * GET /departments: the municipality's departments (every role: assigning needs them); one's
 * own city, or for an instance admin without `jurisdiction_id` every city's.
 */
export async function listDepartments(ctx: Context, deps: AppDeps): Promise<void> {
  ctx.body = { items: await listDepartmentRows(deps.db.pool, await catalogueListCity(ctx, deps)) };
}

/** POST /departments (admins). */
export async function createDepartment(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const jurisdiction = await catalogueJurisdiction(ctx, deps);
  const body = await readJson<DepartmentCreate>(ctx, 'AdminCatalogueDepartmentCreate', deps.config.bodyLimitBytes);
  const problems = missingDefault('names', body.names, jurisdiction.defaultLocale);
  if (problems.length > 0) throw badRequest(...problems);
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    await beginCatalogueChange(client, jurisdiction.id);
    if (await departmentCodeTaken(client, jurisdiction.id, body.code)) {
      throw conflict(`code "${body.code}" is already a department of ${jurisdiction.id}`);
    }
    const id = await insertDepartment(client, jurisdiction.id, body);
    await recordCatalogueEvent(client, {
      handlerId: principal.id,
      jurisdictionId: jurisdiction.id,
      kind: 'department_created',
      departmentId: id,
      data: body,
    });
    return findDepartment(client, id);
  });
  deps.catalogue.invalidate();
  ctx.status = 201;
}

/** PATCH /departments/:department_id (admins): a new code and/or names; another city's is 404 as an unknown one. */
export async function updateDepartment(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const id = pathId(ctx, 'department_id');
  const body = await readJson<DepartmentPatch>(ctx, 'AdminCatalogueDepartmentPatch', deps.config.bodyLimitBytes);
  const found = await findDepartment(deps.db.pool, id);
  const existing = found && inCity(principal, found.jurisdiction_id) ? found : null;
  const jurisdiction = existing && (await deps.catalogue.get()).jurisdictions.get(existing.jurisdiction_id);
  if (!existing || !jurisdiction) throw notFound(`department_id ${id} is not a department`);
  const problems = missingDefault('names', body.names, jurisdiction.defaultLocale);
  if (problems.length > 0) throw badRequest(...problems);
  ctx.body = await withTransaction(deps.db.pool, async (client) => {
    await beginCatalogueChange(client, jurisdiction.id);
    if (body.code !== undefined && (await departmentCodeTaken(client, jurisdiction.id, body.code, id))) {
      throw conflict(`code "${body.code}" is already a department of ${jurisdiction.id}`);
    }
    await updateDepartmentRow(client, id, body);
    await recordCatalogueEvent(client, {
      handlerId: principal.id,
      jurisdictionId: jurisdiction.id,
      kind: 'department_updated',
      departmentId: id,
      data: body,
    });
    return findDepartment(client, id);
  });
  deps.catalogue.invalidate();
}
