import type { Context } from 'koa';
import type { PoolClient } from 'pg';
import type { AppDeps } from '../../deps';
import type { Jurisdiction } from '../../domain/catalogue';
import { badRequest, conflict, notFound } from '../../domain/errors';
import { beginCatalogueChange, recordCatalogueEvent } from '../../repositories/admin/catalogue-changes';
import { findDepartment } from '../../repositories/admin/catalogue-departments';
import {
  findAdminService,
  insertService,
  listAdminServices,
  lockService,
  replaceAttributes,
  serviceCodeTaken,
  updateService as updateServiceRow,
  type AdminService,
} from '../../repositories/admin/catalogue-services';
import { withTransaction } from '../../repositories/transaction';
import { principalOf } from '../authenticate';
import { readJson } from '../json-body';
import { catalogueJurisdiction, catalogueListCity } from './catalogue-scope';
import { serviceProblems, type ServiceCreate, type ServicePatch } from './service-input';

const unknownService = (code: string, jurisdiction: Jurisdiction) =>
  notFound(`service_code "${code}" is not a service of ${jurisdiction.id}`);

async function checkDepartment(client: PoolClient, body: ServicePatch, jurisdiction: Jurisdiction): Promise<void> {
  if (body.department_id === undefined || body.department_id === null) return;
  const department = await findDepartment(client, body.department_id);
  if (department === null || department.jurisdiction_id !== jurisdiction.id) {
    throw badRequest(`department_id ${body.department_id} is not a department of ${jurisdiction.id}`);
  }
}

function checkRules(body: ServicePatch, jurisdiction: Jurisdiction): void {
  const problems = serviceProblems(body, jurisdiction.defaultLocale);
  if (problems.length > 0) throw badRequest(...problems);
}

/**
 * GET /services: the whole catalogue of a municipality, inactive services included (every
 * role); one's own city, or for an instance admin without `jurisdiction_id` every city's.
 */
export async function listServices(ctx: Context, deps: AppDeps): Promise<void> {
  ctx.body = { items: await listAdminServices(deps.db.pool, await catalogueListCity(ctx, deps)) };
}

/** GET /services/:service_code: one service in the admin view (every role). */
export async function getService(ctx: Context, deps: AppDeps): Promise<void> {
  const jurisdiction = await catalogueJurisdiction(ctx, deps);
  const service = await findAdminService(deps.db.pool, jurisdiction.id, ctx.params.service_code);
  if (service === null) throw unknownService(ctx.params.service_code, jurisdiction);
  ctx.body = service;
}

/** POST /services (admins): a new category with its attributes, public at once when active. */
export async function createService(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const jurisdiction = await catalogueJurisdiction(ctx, deps);
  const body = await readJson<ServiceCreate>(ctx, 'AdminCatalogueServiceCreate', deps.config.bodyLimitBytes);
  checkRules(body, jurisdiction);
  const service = await withTransaction(deps.db.pool, async (client): Promise<AdminService | null> => {
    await beginCatalogueChange(client, jurisdiction.id);
    if (await serviceCodeTaken(client, jurisdiction.id, body.service_code)) {
      throw conflict(`service_code "${body.service_code}" is already a service of ${jurisdiction.id}`);
    }
    await checkDepartment(client, body, jurisdiction);
    const id = await insertService(client, jurisdiction.id, body);
    await replaceAttributes(client, id, body.attributes ?? []);
    await recordCatalogueEvent(client, {
      handlerId: principal.id,
      jurisdictionId: jurisdiction.id,
      kind: 'service_created',
      serviceId: id,
      data: body,
    });
    return findAdminService(client, jurisdiction.id, body.service_code);
  });
  deps.catalogue.invalidate();
  ctx.status = 201;
  ctx.set('Location', `/admin/v1/services/${encodeURIComponent(body.service_code)}`);
  ctx.body = service;
}

/**
 * PATCH /services/:service_code (admins): changes the fields sent; `attributes` replaces the
 * list. A service with requests may not stop being never_public: they were sent under the
 * promise that they are never published, and the privacy gate reads the flag at read time.
 */
export async function updateService(ctx: Context, deps: AppDeps): Promise<void> {
  const principal = principalOf(ctx);
  const jurisdiction = await catalogueJurisdiction(ctx, deps);
  const code: string = ctx.params.service_code;
  const body = await readJson<ServicePatch>(ctx, 'AdminCatalogueServicePatch', deps.config.bodyLimitBytes);
  checkRules(body, jurisdiction);
  const service = await withTransaction(deps.db.pool, async (client): Promise<AdminService | null> => {
    await beginCatalogueChange(client, jurisdiction.id);
    const current = await lockService(client, jurisdiction.id, code);
    if (current === null) throw unknownService(code, jurisdiction);
    if (body.never_public === false && current.neverPublic && current.hasRequests) {
      throw conflict(`never_public cannot be turned off: service "${code}" has requests sent under that promise`);
    }
    await checkDepartment(client, body, jurisdiction);
    await updateServiceRow(client, current.id, body);
    if (body.attributes !== undefined) await replaceAttributes(client, current.id, body.attributes);
    await recordCatalogueEvent(client, {
      handlerId: principal.id,
      jurisdictionId: jurisdiction.id,
      kind: 'service_updated',
      serviceId: current.id,
      data: body,
    });
    return findAdminService(client, jurisdiction.id, code);
  });
  deps.catalogue.invalidate();
  ctx.body = service;
}
