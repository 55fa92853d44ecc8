import type { Pool, PoolClient } from 'pg';
import type { AttributeInput, ServiceCreate, ServicePatch } from '../../admin/catalogue/service-input';
import { w3c } from '../public-scope';

type Queryable = Pool | PoolClient;

/** Only fi/sv/en with text: stored objects may carry empty or stray entries from imports. */
const localized = (expr: string): string => `
  (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') FROM jsonb_each(${expr}) e
    WHERE e.key IN ('fi','sv','en') AND jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' <> '')`;

const ATTRIBUTES = `
  coalesce((SELECT json_agg(json_build_object(
              'code', a.code, 'datatype', a.datatype, 'variable', a.variable, 'required', a.required,
              'order', a.sort_order, 'descriptions', ${localized('a.descriptions')},
              'datatype_descriptions', ${localized('a.datatype_descriptions')},
              'values', coalesce((SELECT json_agg(json_build_object('key', v ->> 'key', 'names',
                                    ${localized("coalesce(v -> 'names', '{}')")}) ORDER BY v.n)
                                    FROM jsonb_array_elements(a."values") WITH ORDINALITY AS v(v, n)), '[]'))
              ORDER BY a.sort_order)
            FROM service_attribute a WHERE a.service_id = s.id), '[]')`;

const SELECT_SERVICES = (where: string): string => `
  SELECT s.code AS service_code, s.jurisdiction_id, ${localized('s.names')} AS names,
         ${localized('s.descriptions')} AS descriptions, ${localized('s.groups')} AS groups,
         ${localized('s.keywords')} AS keywords, s.type, s.location_rule, s.moderation, s.never_public,
         s.department_id, s.sla_days, s.active, s.sort_order, s.estimate_seconds,
         ${ATTRIBUTES} AS attributes, ${w3c('s.updated_at')} AS updated_datetime
    FROM service s
   WHERE ${where}
   ORDER BY s.sort_order, s.code`;

/** The admin view of a service (AdminCatalogueService): every language, inactive ones too. */
export type AdminService = Record<string, unknown> & { service_code: string };

export async function listAdminServices(db: Queryable, jurisdictionId: string): Promise<AdminService[]> {
  const result = await db.query<AdminService>(SELECT_SERVICES('s.jurisdiction_id = $1'), [jurisdictionId]);
  return result.rows;
}

export async function findAdminService(
  db: Queryable,
  jurisdictionId: string,
  code: string,
): Promise<AdminService | null> {
  const result = await db.query<AdminService>(SELECT_SERVICES('s.jurisdiction_id = $1 AND s.code = $2'), [
    jurisdictionId,
    code,
  ]);
  return result.rows[0] ?? null;
}

export type LockedService = { id: number; neverPublic: boolean; hasRequests: boolean };

/** The service row, locked for this transaction, and whether any request refers to it. */
export async function lockService(
  client: PoolClient,
  jurisdictionId: string,
  code: string,
): Promise<LockedService | null> {
  const result = await client.query<LockedService>(
    `SELECT s.id, s.never_public AS "neverPublic",
            EXISTS (SELECT 1 FROM service_request r WHERE r.service_id = s.id) AS "hasRequests"
       FROM service s WHERE s.jurisdiction_id = $1 AND s.code = $2 FOR UPDATE`,
    [jurisdictionId, code],
  );
  return result.rows[0] ?? null;
}

export async function serviceCodeTaken(client: PoolClient, jurisdictionId: string, code: string): Promise<boolean> {
  const result = await client.query('SELECT 1 FROM service WHERE jurisdiction_id = $1 AND code = $2', [
    jurisdictionId,
    code,
  ]);
  return result.rowCount !== 0;
}

/** Body field → column; localized objects are stored as jsonb. */
const COLUMNS: Record<Exclude<keyof ServicePatch, 'attributes'>, { column: string; json?: true }> = {
  names: { column: 'names', json: true },
  descriptions: { column: 'descriptions', json: true },
  groups: { column: 'groups', json: true },
  keywords: { column: 'keywords', json: true },
  type: { column: 'type' },
  location_rule: { column: 'location_rule' },
  moderation: { column: 'moderation' },
  never_public: { column: 'never_public' },
  department_id: { column: 'department_id' },
  sla_days: { column: 'sla_days' },
  active: { column: 'active' },
  sort_order: { column: 'sort_order' },
};

function assignments(body: ServicePatch): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [field, { column, json }] of Object.entries(COLUMNS)) {
    const value = body[field as keyof typeof COLUMNS];
    if (value === undefined) continue;
    columns.push(column);
    values.push(json ? JSON.stringify(value) : value);
  }
  return { columns, values };
}

/** Inserts a service; omitted fields take the column defaults (the documented ones). */
export async function insertService(client: PoolClient, jurisdictionId: string, body: ServiceCreate): Promise<number> {
  const { columns, values } = assignments(body);
  const all = ['jurisdiction_id', 'code', ...columns];
  const result = await client.query<{ id: number }>(
    `INSERT INTO service (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    [jurisdictionId, body.service_code, ...values],
  );
  return result.rows[0].id;
}

/** Changes the given fields and marks the service changed (`updated_at`). */
export async function updateService(client: PoolClient, serviceId: number, body: ServicePatch): Promise<void> {
  const { columns, values } = assignments(body);
  const sets = [...columns.map((column, i) => `${column} = $${i + 2}`), 'updated_at = now()'];
  await client.query(`UPDATE service SET ${sets.join(', ')} WHERE id = $1`, [serviceId, ...values]);
}

/** Replaces the whole attribute list (the GeoReport service definition) of a service. */
export async function replaceAttributes(
  client: PoolClient,
  serviceId: number,
  attributes: AttributeInput[],
): Promise<void> {
  await client.query('DELETE FROM service_attribute WHERE service_id = $1', [serviceId]);
  if (attributes.length === 0) return;
  const rows = attributes.map((a) => ({
    code: a.code,
    datatype: a.datatype,
    variable: a.variable ?? true,
    required: a.required ?? false,
    order: a.order,
    descriptions: a.descriptions,
    datatype_descriptions: a.datatype_descriptions ?? {},
    values: a.values ?? [],
  }));
  await client.query(
    `INSERT INTO service_attribute (service_id, code, datatype, variable, required, sort_order, descriptions,
                                    datatype_descriptions, "values")
     SELECT $1, a.code, a.datatype, a.variable, a.required, a."order", a.descriptions, a.datatype_descriptions, a."values"
       FROM jsonb_to_recordset($2::jsonb) AS a(code text, datatype text, variable boolean, required boolean,
            "order" int, descriptions jsonb, datatype_descriptions jsonb, "values" jsonb)`,
    [serviceId, JSON.stringify(rows)],
  );
}
