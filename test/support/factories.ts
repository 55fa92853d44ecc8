import type { Pool } from 'pg';
import type { Datatype, LocationRule, Localized } from '../../src/domain/catalogue';
import { createApplication } from '../../src/repositories/application-repository';

/**
 * A city straight into the database. The first numbers its requests plainly; a later one gets a
 * prefix from its id (only one city may go without), sharing the old sequence: ids stay unique.
 */
export async function createJurisdiction(pool: Pool, id = 'test.fi', defaultLocale = 'fi'): Promise<string> {
  // Digits become letters, so that `fms-01` and `fms-02` get different prefixes (FMSAB, FMSAC).
  const letters = id
    .split('.')[0]
    .toUpperCase()
    .replace(/[0-9]/g, (digit) => 'ABCDEFGHIJ'[Number(digit)])
    .replace(/[^A-Z]/g, '');
  await pool.query(
    `INSERT INTO jurisdiction (id, names, default_locale, request_prefix)
     VALUES ($1, $2, $3, CASE WHEN EXISTS (SELECT 1 FROM jurisdiction) THEN $4::text END)`,
    [
      id,
      JSON.stringify({ fi: `Testikaupunki ${id}`, sv: `Teststad ${id}`, en: `Test town ${id}` }),
      defaultLocale,
      (letters + 'XX').slice(0, Math.max(2, Math.min(6, letters.length))),
    ],
  );
  return id;
}

export async function createDepartment(
  pool: Pool,
  jurisdictionId: string,
  code: string,
  names: Localized,
): Promise<number> {
  const result = await pool.query<{ id: number }>(
    'INSERT INTO department (jurisdiction_id, code, names) VALUES ($1, $2, $3) RETURNING id',
    [jurisdictionId, code, JSON.stringify(names)],
  );
  return result.rows[0].id;
}

export type AttributeSpec = {
  code: string;
  datatype: Datatype;
  required?: boolean;
  variable?: boolean;
  order: number;
  values?: { key: string; names: Localized }[];
};

export type ServiceSpec = {
  jurisdictionId?: string;
  code: string;
  names?: Localized;
  type?: 'realtime' | 'batch';
  locationRule?: LocationRule;
  neverPublic?: boolean;
  moderation?: 'auto' | 'pre';
  active?: boolean;
  departmentId?: number | null;
  keywords?: Localized;
  groups?: Localized;
  attributes?: AttributeSpec[];
};

export async function createService(pool: Pool, spec: ServiceSpec): Promise<number> {
  const names = spec.names ?? { fi: `Palvelu ${spec.code}`, sv: `Tjänst ${spec.code}`, en: `Service ${spec.code}` };
  const result = await pool.query<{ id: number }>(
    `INSERT INTO service (jurisdiction_id, code, names, descriptions, groups, keywords, type, location_rule,
                          never_public, moderation, active, department_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      spec.jurisdictionId ?? 'test.fi',
      spec.code,
      JSON.stringify(names),
      JSON.stringify({ fi: `Kuvaus ${spec.code}`, sv: `Beskrivning ${spec.code}`, en: `Description ${spec.code}` }),
      JSON.stringify(spec.groups ?? { fi: 'Kadut', sv: 'Gator', en: 'Streets' }),
      JSON.stringify(spec.keywords ?? {}),
      spec.type ?? 'realtime',
      spec.locationRule ?? 'coords_or_address',
      spec.neverPublic ?? false,
      spec.moderation ?? 'auto',
      spec.active ?? true,
      spec.departmentId ?? null,
    ],
  );
  const serviceId = result.rows[0].id;
  for (const a of spec.attributes ?? []) {
    await pool.query(
      `INSERT INTO service_attribute (service_id, code, datatype, variable, required, sort_order, descriptions, "values")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        serviceId,
        a.code,
        a.datatype,
        a.variable ?? true,
        a.required ?? false,
        a.order,
        JSON.stringify({ fi: `Kysymys ${a.code}`, en: `Question ${a.code}` }),
        JSON.stringify(a.values ?? []),
      ],
    );
  }
  return serviceId;
}

export const createApiKey = (pool: Pool, name = 'test client'): Promise<string> => createApplication(pool, name);

export type RequestSpec = {
  jurisdictionId?: string;
  serviceId: number;
  publicId: string;
  description?: string;
  status?: 'open' | 'closed';
  detailedStatus?: string;
  visibility?: 'pending' | 'public' | 'hidden';
  consent?: boolean;
  requestedAt?: string;
  updatedAt?: string;
  lat?: number;
  long?: number;
  address?: string;
  statusNotes?: string;
  title?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  accountId?: string;
  deviceId?: string;
};

/** Plants a request directly, with any visibility/consent, for read and privacy tests. */
export async function plantRequest(pool: Pool, spec: RequestSpec): Promise<string> {
  const requestedAt = spec.requestedAt ?? new Date().toISOString();
  const result = await pool.query<{ id: string }>(
    `INSERT INTO service_request (public_id, jurisdiction_id, service_id, status, detailed_status, visibility,
        publication_consent, title_original, title_public, description_original, description_public, status_notes,
        requested_at, updated_at, geom, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9, $10, $11, $12,
        CASE WHEN $13::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($14::float8, $13::float8), 4326) END, $15)
     RETURNING id`,
    [
      spec.publicId,
      spec.jurisdictionId ?? 'test.fi',
      spec.serviceId,
      spec.status ?? 'open',
      spec.detailedStatus ?? (spec.status === 'closed' ? 'PROCESSED' : 'RECEIVED'),
      spec.visibility ?? 'public',
      spec.consent ?? true,
      spec.title ?? null,
      spec.description ?? `Kuvaus pyynnölle ${spec.publicId}`,
      spec.statusNotes ?? null,
      requestedAt,
      spec.updatedAt ?? requestedAt,
      spec.lat ?? null,
      spec.long ?? null,
      spec.address ?? null,
    ],
  );
  const id = result.rows[0].id;
  await pool.query(
    `INSERT INTO request_contact (request_id, email, phone, first_name, last_name, account_id, device_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      spec.email ?? null,
      spec.phone ?? null,
      spec.firstName ?? null,
      spec.lastName ?? null,
      spec.accountId ?? null,
      spec.deviceId ?? null,
    ],
  );
  await pool.query(
    `INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, note, actor)
     VALUES ($1, $2, 'created', true, 'open', 'RECEIVED', NULL, 'resident')`,
    [id, requestedAt],
  );
  return spec.publicId;
}

/** Days before now as an ISO string. */
export const daysAgo = (days: number): string => new Date(Date.now() - days * 86400000).toISOString();

/** A public request of `serviceId` posted yesterday in Kerava's centre, straight into the database. */
export const plantYesterday = (pool: Pool, serviceId: number, publicId: string): Promise<string> =>
  plantRequest(pool, {
    serviceId,
    publicId,
    requestedAt: daysAgo(1),
    lat: 60.404,
    long: 25.104,
    description: `Roskia puistossa (${publicId}).`,
  });
