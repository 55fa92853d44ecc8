import type { Pool, PoolClient } from 'pg';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { Role } from '../../domain/principal';
import { DepartmentEntity } from '../../db/entities/department';
import { HandlerEntity, type HandlerRecord } from '../../db/entities/handler';
import { entityManager } from '../../db/orm';
import { w3cTime } from '../wire-format';

type Queryable = Pool | PoolClient;

/** A handler as admins see it (AdminHandler): never a credential's secret. */
export type HandlerRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The handler's city; null for an instance admin. */
  jurisdiction_id: string | null;
  department_ids: number[];
  active: boolean;
  created_datetime: string;
  updated_datetime: string;
  last_used_datetime: string | null;
  /** The linked OpenID Connect identity (docs/handler-sign-in.md); nulls when none. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
  /** Alert e-mails (docs/alerts.md): on or off, and their language (null: the city's). */
  alerts_enabled: boolean;
  language: 'fi' | 'sv' | 'en' | null;
};

export type HandlerChanges = {
  email?: string;
  name?: string;
  role?: Role;
  active?: boolean;
  jurisdiction_id?: string | null;
  alerts_enabled?: boolean;
  language?: 'fi' | 'sv' | 'en' | null;
};

/**
 * Handlers with their memberships, their OpenID identity and when any of their credentials was
 * last used (never a token's hash).
 */
const handlers = (manager: EntityManager) =>
  manager
    .createQueryBuilder(HandlerEntity, 'h')
    .leftJoinAndSelect('h.memberships', 'm')
    .leftJoin('h.credentials', 'c')
    .addSelect(['c.id', 'c.lastUsedAt', 'c.kind', 'c.issuer', 'c.subject']);

function toWire(handler: HandlerRecord): HandlerRow {
  const lastUsed = (handler.credentials ?? [])
    .map((credential) => credential.lastUsedAt)
    .reduce<Date | null>((latest, used) => (used !== null && (latest === null || used > latest) ? used : latest), null);
  const identity = (handler.credentials ?? []).find((credential) => credential.kind === 'oidc');
  return {
    id: handler.id,
    email: handler.email,
    name: handler.name,
    role: handler.role,
    jurisdiction_id: handler.jurisdictionId,
    department_ids: (handler.memberships ?? []).map((membership) => membership.departmentId).sort((a, b) => a - b),
    active: handler.active,
    created_datetime: w3cTime(handler.createdAt),
    updated_datetime: w3cTime(handler.updatedAt),
    last_used_datetime: w3cTime(lastUsed),
    oidc_issuer: identity?.issuer ?? null,
    oidc_subject: identity?.subject ?? null,
    alerts_enabled: handler.alertsEnabled,
    language: handler.language,
  };
}

/**
 * Every handler of a city (null: of every city, instance admins too), active or not, by e-mail:
 * a city has hundreds at most, so no paging.
 */
export async function listHandlers(db: Queryable, jurisdictionId: string | null): Promise<HandlerRow[]> {
  const query = handlers(entityManager(db));
  if (jurisdictionId !== null) query.where('h.jurisdiction_id = :jurisdictionId', { jurisdictionId });
  const found = await query.orderBy('lower(h.email)').addOrderBy('h.id').getMany();
  return found.map(toWire);
}

/** One handler; `lock` holds the row for the rest of the transaction. */
export async function findHandler(db: Queryable, id: number, lock = false): Promise<HandlerRow | null> {
  const query = handlers(entityManager(db)).where('h.id = :id', { id });
  if (lock) query.setLock('for_no_key_update', undefined, ['h']);
  const handler = await query.getOne();
  return handler && toWire(handler);
}

/** Whether another handler already has this e-mail address, compared case-insensitively. */
export async function emailTaken(db: Queryable, email: string, exceptId: number | null = null): Promise<boolean> {
  const query = entityManager(db)
    .createQueryBuilder(HandlerEntity, 'h')
    .where('lower(h.email) = lower(:email)', { email: email.trim() });
  if (exceptId !== null) query.andWhere('h.id <> :exceptId', { exceptId });
  return query.getExists();
}

/** The ids in `ids` that are not departments (of the city, when `jurisdictionId` is given). */
export async function unknownDepartments(
  db: Queryable,
  ids: readonly number[],
  jurisdictionId: string | null = null,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await entityManager(db).find(DepartmentEntity, {
    select: { id: true },
    where: { id: In([...ids]), ...(jurisdictionId === null ? {} : { jurisdictionId }) },
  });
  const known = new Set(found.map((department) => department.id));
  return [...new Set(ids)].filter((id) => !known.has(id));
}

/** The cities of these departments (unknown ids are left out). */
export async function departmentCities(db: Queryable, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await entityManager(db).find(DepartmentEntity, {
    select: { jurisdictionId: true },
    where: { id: In([...ids]) },
  });
  return [...new Set(found.map((department) => department.jurisdictionId))].sort();
}

/**
 * Locks every active instance admin (an admin without a city: only they manage the cities; in
 * id order, so two transactions cannot deadlock) and returns their ids. Two admins demoting
 * each other at once then take turns, and the second one sees that the first is no longer an
 * instance admin: the last one cannot vanish in a race.
 */
export async function lockActiveAdmins(client: PoolClient): Promise<number[]> {
  const admins = await entityManager(client)
    .createQueryBuilder(HandlerEntity, 'h')
    .select('h.id')
    .where({ role: 'admin', active: true, jurisdictionId: IsNull() })
    .orderBy('h.id')
    .setLock('for_no_key_update')
    .getMany();
  return admins.map((admin) => admin.id);
}

/** Applies the given changes; `updated_at` moves. */
export async function updateHandler(client: PoolClient, id: number, changes: HandlerChanges): Promise<void> {
  const { email, name, role, active, jurisdiction_id: jurisdictionId, alerts_enabled: alerts, language } = changes;
  await entityManager(client).update(
    HandlerEntity,
    { id },
    {
      ...(jurisdictionId === undefined ? {} : { jurisdictionId }),
      ...(email === undefined ? {} : { email: email.trim() }),
      ...(name === undefined ? {} : { name }),
      ...(role === undefined ? {} : { role }),
      ...(active === undefined ? {} : { active }),
      ...(alerts === undefined ? {} : { alertsEnabled: alerts }),
      ...(language === undefined ? {} : { language }),
      updatedAt: () => 'now()',
    },
  );
}
