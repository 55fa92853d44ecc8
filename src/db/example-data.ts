import fs from 'node:fs';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import type { Locale } from '../domain/catalogue';
import { hashSecret } from '../domain/secrets';
import { serviceNotice } from '../domain/status-labels';
import { addWorkingDays } from '../domain/working-days';
import type { CityBoundary } from '../domain/city-settings';
import { refreshServiceEstimate } from '../repositories/estimates';
import { insertCity, prefixOwner } from '../repositories/jurisdiction-repository';

// The fixture files (fixtures/<city>/*.json). Only the fields the loader itself reads are typed
// here; the rest go to PostgreSQL as jsonb and are typed by the jsonb_to_record column lists below.
type Localized = Record<string, string>;
type JurisdictionFixture = {
  id: string;
  names: Localized;
  default_locale: Locale;
  timezone: string;
  /** Null: plain ids (`2026-000123`) when no other city has them yet, else a prefix from the id. */
  request_prefix: string | null;
  host_names: string[];
  boundary: CityBoundary | null;
  departments: { code: string; names: Localized }[];
};
type ServiceFixture = { code: string; type: string; department: string; attributes: object[] };
type RequestFixture = { service_code: string; days_ago: number; locale: 'fi' | 'sv' | 'en'; contact: object | null };
type LoadedService = { id: number; agency: string; batch: boolean };

const ACTOR = 'example-data';

/**
 * The example data's browser key (docs/api.md, "Browser keys"), for the demo page and local
 * development: public on purpose, as every browser key is, and usable only from pages on
 * localhost (`http://localhost:*`, `http://127.0.0.1:*`). Revoke it on a public deployment that
 * loaded the example data.
 */
export const EXAMPLE_BROWSER_KEY = 'example-browser-key-localhost';
export const EXAMPLE_BROWSER_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

/** The key belongs to the first example city, whose demo page (src/pages/home-page.ts) posts with it. */
async function insertBrowserKey(client: PoolClient, jurisdictionId: string): Promise<void> {
  await client.query(
    `INSERT INTO application (name, key_hash, allowed_origins, jurisdiction_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_hash) DO NOTHING`,
    ['Example web page (localhost only)', hashSecret(EXAMPLE_BROWSER_KEY), EXAMPLE_BROWSER_ORIGINS, jurisdictionId],
  );
}

const INSERT_SERVICE = `
  INSERT INTO service (jurisdiction_id, department_id, sort_order, code, names, descriptions, groups, keywords,
    type, location_rule, never_public, moderation, sla_days)
  SELECT $1::text, $2::int, $3::int, s.*
  FROM jsonb_to_record($4::jsonb) AS s(code text, names jsonb, descriptions jsonb, groups jsonb, keywords jsonb,
    type text, location_rule text, never_public boolean, moderation text, sla_days int)
  RETURNING id`;

const INSERT_ATTRIBUTES = `
  INSERT INTO service_attribute (service_id, code, datatype, variable, required, sort_order, descriptions,
    datatype_descriptions, "values")
  SELECT $1::int, a.*
  FROM jsonb_to_recordset($2::jsonb) AS a(code text, datatype text, variable boolean, required boolean,
    "order" int, descriptions jsonb, datatype_descriptions jsonb, "values" jsonb)`;

// Times are offsets from now(), so the example data always looks recent.
// Numbered from the city's own sequence, with its prefix, as POST requests numbers them.
const INSERT_REQUEST = `
  WITH n AS (SELECT nextval(j.number_sequence::regclass) AS n, j.request_prefix AS prefix
               FROM jurisdiction j WHERE j.id = $2::text),
  r AS (
    SELECT x.*, now() - x.days_ago * interval '1 day' AS at
    FROM jsonb_to_record($1::jsonb) AS x(days_ago float8, handled_after_days float8, closed_after_days float8,
      status text, detailed_status text, visibility text, publication_consent boolean, title text,
      description text, status_notes text, address text, zipcode text, lat float8, long float8, locale text,
      attributes jsonb)
  )
  INSERT INTO service_request (public_id, jurisdiction_id, service_id, agency_responsible, service_notice, token,
    requested_at, first_handled_at, closed_at, updated_at, status, detailed_status, visibility,
    publication_consent, title_original, title_public, description_original, description_public, status_notes,
    address, zipcode, geom, locale, attributes, department_id)
  SELECT coalesce(n.prefix || '-', '') || to_char(r.at AT TIME ZONE 'Europe/Helsinki', 'YYYY') || '-' ||
      CASE WHEN n.n < 1000000 THEN lpad(n.n::text, 6, '0') ELSE n.n::text END,
    $2::text, $3::int, $4::text, $5::text,
    CASE WHEN $6::boolean THEN 'example-token-' || coalesce(lower(n.prefix) || '-', '') || n.n END,
    r.at, t.handled, t.closed, greatest(r.at, t.handled, t.closed), r.status, r.detailed_status, r.visibility,
    r.publication_consent, r.title, r.title, r.description, r.description, r.status_notes,
    r.address, r.zipcode, CASE WHEN r.lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(r.long, r.lat), 4326) END,
    r.locale, r.attributes, (SELECT department_id FROM service WHERE id = $3::int)
  FROM n, r CROSS JOIN LATERAL (
    SELECT r.at + r.handled_after_days * interval '1 day' AS handled,
      r.at + r.closed_after_days * interval '1 day' AS closed
  ) AS t
  RETURNING id`;

const INSERT_CONTACT = `
  INSERT INTO request_contact (request_id, email, phone, first_name, last_name)
  SELECT $1::bigint, c.* FROM jsonb_to_record($2::jsonb) AS c(email text, phone text, first_name text, last_name text)`;

// The public history of every example request: created, taken into processing, closed with the answer.
const INSERT_EVENTS = `
  INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, note, actor)
  SELECT r.id, e.at, e.kind, true, e.status, e.detailed_status, e.note, $2::text
  FROM service_request r, LATERAL (VALUES
    (r.requested_at, 'created', 'open', 'RECEIVED', NULL),
    (r.first_handled_at, 'status', 'open', 'IN_PROCESS', CASE WHEN r.status = 'open' THEN r.status_notes END),
    (r.closed_at, 'status', r.status, r.detailed_status, r.status_notes)
  ) AS e(at, kind, status, detailed_status, note)
  WHERE r.jurisdiction_id = $1 AND e.at IS NOT NULL
  ORDER BY r.id, e.at`;

/** The example cities, the first one (with the plain ids and the demo page's key) first. */
export const EXAMPLE_CITIES = ['kerava', 'jarvenpaa'];

/** The fixtures live at the repository root; compiled code runs one folder deeper (dist/src/db). */
function defaultDirs(): string[] {
  const roots = ['../../fixtures', '../../../fixtures'].map((p) => path.resolve(__dirname, p));
  const root = roots.find((dir) => fs.existsSync(dir)) ?? roots[0];
  return EXAMPLE_CITIES.map((city) => path.join(root, city));
}

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
}

/**
 * Creates the city as the admin API does (its sequence too), unless it exists. A fixture without
 * a prefix takes the plain ids only when no other city has them (a deployment that started with
 * its own city keeps them); otherwise it numbers with the capitals of its id.
 */
async function insertJurisdiction(client: PoolClient, j: JurisdictionFixture): Promise<boolean> {
  const exists = await client.query('SELECT 1 FROM jurisdiction WHERE id = $1', [j.id]);
  if (exists.rowCount !== 0) return false;
  const plainTaken = j.request_prefix === null && (await prefixOwner(client, null, null)) !== null;
  const ownPrefix = j.id
    .split('.')[0]
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 6);
  await insertCity(client, {
    jurisdiction_id: j.id,
    names: j.names,
    default_locale: j.default_locale,
    host_names: j.host_names,
    boundary: j.boundary,
    request_prefix: plainTaken ? ownPrefix : j.request_prefix,
  });
  // One transaction has one now(): the clock keeps the fixtures' order as the order of creation.
  await client.query('UPDATE jurisdiction SET timezone = $2, created_at = clock_timestamp() WHERE id = $1', [
    j.id,
    j.timezone,
  ]);
  return true;
}

async function insertDepartments(client: PoolClient, j: JurisdictionFixture): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const d of j.departments) {
    const { rows } = await client.query<{ id: number }>(
      'INSERT INTO department (jurisdiction_id, code, names) VALUES ($1, $2, $3) RETURNING id',
      [j.id, d.code, JSON.stringify(d.names)],
    );
    ids.set(d.code, rows[0].id);
  }
  return ids;
}

async function insertServices(
  client: PoolClient,
  j: JurisdictionFixture,
  services: ServiceFixture[],
): Promise<Map<string, LoadedService>> {
  const departmentIds = await insertDepartments(client, j);
  const loaded = new Map<string, LoadedService>();
  for (const [index, s] of services.entries()) {
    const departmentId = departmentIds.get(s.department);
    const department = j.departments.find((d) => d.code === s.department);
    if (departmentId === undefined || department === undefined) {
      throw new Error(`example data: service ${s.code} names an unknown department ${s.department}`);
    }
    const params = [j.id, departmentId, index, JSON.stringify(s)];
    const { rows } = await client.query<{ id: number }>(INSERT_SERVICE, params);
    await client.query(INSERT_ATTRIBUTES, [rows[0].id, JSON.stringify(s.attributes)]);
    loaded.set(s.code, { id: rows[0].id, agency: department.names.fi, batch: s.type === 'batch' });
  }
  return loaded;
}

async function insertRequest(
  client: PoolClient,
  j: JurisdictionFixture,
  s: LoadedService,
  r: RequestFixture,
): Promise<void> {
  // service_notice is written with the deadline by addDeadlines.
  const params = [JSON.stringify(r), j.id, s.id, s.agency, null, s.batch];
  const { rows } = await client.query<{ id: string }>(INSERT_REQUEST, params);
  if (r.contact !== null) await client.query(INSERT_CONTACT, [rows[0].id, JSON.stringify(r.contact)]);
}

const SET_DEADLINES = `
  UPDATE service_request r SET deadline_at = d.deadline_at, service_notice = d.notice
    FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS d(id, deadline_at, notice)
   WHERE r.id = d.id`;

/** The deadline each example request got when it was received, as POST requests stores it. */
async function addDeadlines(client: PoolClient, jurisdictionId: string): Promise<void> {
  const { rows } = await client.query<{ id: string; requested_at: Date; sla_days: number; locale: Locale }>(
    `SELECT r.id, r.requested_at, s.sla_days, r.locale
       FROM service_request r JOIN service s ON s.id = r.service_id WHERE r.jurisdiction_id = $1`,
    [jurisdictionId],
  );
  const deadlines = rows.map((r) => addWorkingDays(r.requested_at, r.sla_days));
  const notices = rows.map((r, i) => serviceNotice(r.sla_days, r.locale, deadlines[i]));
  await client.query(SET_DEADLINES, [rows.map((r) => r.id), deadlines, notices]);
}

/**
 * Handling estimates from the example history, and the expected_datetime each example request
 * would have been given at submission from them.
 */
async function addEstimates(client: PoolClient, jurisdictionId: string): Promise<void> {
  const { rows } = await client.query<{ id: number }>('SELECT id FROM service WHERE jurisdiction_id = $1', [
    jurisdictionId,
  ]);
  for (const service of rows) await refreshServiceEstimate(client, service.id);
  await client.query(
    `UPDATE service_request r SET expected_at = r.requested_at + s.estimate_seconds * interval '1 second'
       FROM service s WHERE s.id = r.service_id AND r.jurisdiction_id = $1`,
    [jurisdictionId],
  );
}

async function insertCityData(client: PoolClient, dir: string): Promise<boolean> {
  const jurisdiction = readJson<JurisdictionFixture>(dir, 'jurisdiction.json');
  if (!(await insertJurisdiction(client, jurisdiction))) return false;
  const services = await insertServices(client, jurisdiction, readJson<ServiceFixture[]>(dir, 'services.json'));
  const requests = readJson<RequestFixture[]>(dir, 'requests.json');
  // Oldest first, so that public ids grow with the submission time.
  for (const r of [...requests].sort((a, b) => b.days_ago - a.days_ago)) {
    const service = services.get(r.service_code);
    if (service === undefined) throw new Error(`example data: a request names an unknown service ${r.service_code}`);
    await insertRequest(client, jurisdiction, service, r);
  }
  await client.query(INSERT_EVENTS, [jurisdiction.id, ACTOR]);
  await addDeadlines(client, jurisdiction.id);
  await addEstimates(client, jurisdiction.id);
  return true;
}

async function insertAll(client: PoolClient, dirs: string[]): Promise<boolean> {
  let loaded = false;
  for (const dir of dirs) if (await insertCityData(client, dir)) loaded = true;
  if (loaded) await insertBrowserKey(client, readJson<JurisdictionFixture>(dirs[0], 'jurisdiction.json').id);
  return loaded;
}

/**
 * Loads the example municipalities (Kerava and Järvenpää, fixtures/kerava and fixtures/jarvenpaa:
 * approximate boundaries, their own departments and categories, both with a `101`) so that a fresh
 * install has services and feedback to show, and the localhost browser key (EXAMPLE_BROWSER_KEY,
 * Kerava's) the demo page posts with. Cities that already exist are left alone; returns false
 * when nothing was loaded, else inserts everything in one transaction and returns true.
 */
export async function loadExampleData(pool: Pool, dirs: string[] = defaultDirs()): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const loaded = await insertAll(client, dirs);
    await client.query(loaded ? 'COMMIT' : 'ROLLBACK');
    return loaded;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
