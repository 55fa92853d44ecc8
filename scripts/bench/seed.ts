import { Client, type Pool, type PoolClient } from 'pg';
import { openDatabase, type Database } from '../../src/db/database';
import { loadExampleData } from '../../src/db/example-data';

/** The example municipality whose catalogue the generated requests use. */
export const JURISDICTION = 'kerava.fi';

/** Generated requests have public ids `B-<n>`; anything with a higher id was written by a benchmark run. */
const SEEDED = `SELECT count(*)::int AS n, coalesce(max(id), 0)::text AS max_id FROM service_request WHERE public_id LIKE 'B-%'`;

const LOAD_TABLES = ['service_request', 'request_contact', 'request_event'];

/** Secondary indexes (not the ones behind PRIMARY KEY / UNIQUE), dropped for the bulk load and rebuilt after. */
const SECONDARY_INDEXES = `
  SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
   WHERE t.relname = ANY($1::text[]) AND t.relnamespace = 'public'::regnamespace
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
   ORDER BY 1`;

const phrases = (list: string[]) => `ARRAY[${list.map((p) => `'${p}'`).join(', ')}]`;

const OPENINGS = phrases([
  'Katuvalo on ollut pimeänä jo useamman illan peräkkäin.',
  'Kävelytien reunassa on syvä kuoppa, johon pyörä osuu helposti.',
  'Puiston roska-astiat ovat täynnä ja roskia lentää nurmelle.',
  'Bussipysäkin katoksen lasi on rikottu ja sirpaleita on maassa.',
  'Risteyksen liikennemerkki on kaatunut ja makaa ojassa.',
  'Leikkipaikan keinun ketju on katkennut toisesta päästä.',
  'Jalkakäytävä on aamuisin todella liukas eikä sitä ole hiekoitettu.',
  'Ojarummun kohdalla seisoo vettä ja tie on veden peitossa.',
  'Kaatunut puu tukkii pyörätien kokonaan metsän kohdalla.',
  'Seinään on ilmestynyt uusia töhryjä viikonlopun aikana.',
]);

const MIDDLES = phrases([
  'Asia vaikuttaa erityisesti koululaisiin',
  'Tilanne on vaarallinen pimeällä',
  'Ongelma on toistunut jo viime syksynä',
  'Paikalla kulkee paljon iäkkäitä ihmisiä',
  'Lumiaura ei ole käynyt tällä viikolla',
  'Naapurit ovat huomanneet saman asian',
  'Ohi ajavat autot roiskivat vettä kulkijoiden päälle',
  'Koiranulkoiluttajat joutuvat kiertämään ajoradan kautta',
]);

const CLOSINGS = phrases([
  ', joten toivoisin pikaista korjausta.',
  '. Kiitos jo etukäteen!',
  ', voisiko asialle tehdä jotain pian?',
  '. Kuva lähetetty erikseen sähköpostilla.',
  ', ja sama ongelma on myös viereisellä kadulla.',
  '. Kyse on kohdasta kaupan ja koulun välissä.',
]);

const STREETS = phrases([
  'Kauppakaari',
  'Kultasepänkatu',
  'Asemantie',
  'Sibeliuksentie',
  'Alikeravantie',
  'Palokorventie',
  'Tuusulantie',
  'Kannistonkatu',
  'Porvoonkatu',
  'Savionkatu',
  'Kurkelankatu',
  'Ahjontie',
]);

const NOTES = phrases([
  'Korjattu.',
  'Asia on käsitelty ja korjaus tehty.',
  'Siirretty urakoitsijalle.',
  'Kiitos palautteesta, kohde on lisätty kunnossapito-ohjelmaan.',
  'Tarkastettu, ei toimenpiteitä.',
]);

/**
 * One INSERT … SELECT over generate_series. Requested times grow with n (as in a live system, the
 * heap is in time order) and cover 3 years uniformly, so ~8 % fall in the last 90 days. The random
 * draws sit in an OFFSET 0 lateral subquery so that each one is evaluated once per row.
 */
const INSERT_REQUESTS = `
  INSERT INTO service_request (public_id, jurisdiction_id, service_id, status, detailed_status, visibility,
    publication_consent, title_original, description_original, title_public, description_public, status_notes,
    agency_responsible, service_notice, requested_at, updated_at, expected_at, deadline_at, first_handled_at,
    closed_at, address, zipcode, geom, locale, media_urls, department_id)
  SELECT 'B-' || g, $1::text, s.ids[x.k],
    CASE WHEN y.open THEN 'open' ELSE 'closed' END,
    CASE WHEN y.open THEN (CASE WHEN x.ds < 0.5 THEN 'RECEIVED' ELSE 'IN_PROCESS' END)
         ELSE (CASE WHEN x.ds < 0.8 THEN 'PROCESSED' WHEN x.ds < 0.9 THEN 'REJECTED' ELSE 'ARCHIVED' END) END,
    CASE WHEN x.vis < 0.90 THEN 'public' WHEN x.vis < 0.95 THEN 'pending' ELSE 'hidden' END,
    NOT (x.vis >= 0.85 AND x.vis < 0.90),
    y.title, y.description, y.title, y.description,
    CASE WHEN NOT y.open THEN (${NOTES})[1 + floor(x.note * 5)::int] END,
    s.agencies[x.k], 'Palaute otetaan käsittelyyn viiden työpäivän kuluessa.',
    x.at, least(now(), greatest(x.at, y.handled, y.closed)),
    CASE WHEN x.ds < 0.5 THEN x.at + interval '5 days' END, x.at + interval '5 days', y.handled, y.closed,
    (${STREETS})[1 + floor(x.street * 12)::int] || ' ' || (1 + floor(x.num * 80)::int),
    (ARRAY['04200', '04220', '04230', '04250', '04260'])[1 + floor(x.num * 5)::int],
    ST_SetSRID(ST_MakePoint(24.95 + x.lon * 0.30, 60.33 + x.lat * 0.15), 4326),
    CASE WHEN x.loc < 0.9 THEN 'fi' WHEN x.loc < 0.95 THEN 'sv' ELSE 'en' END,
    CASE WHEN x.media < 0.1 THEN ARRAY['https://media.example.fi/bench/' || g || '.jpg'] ELSE '{}'::text[] END,
    s.departments[x.k]
  FROM (SELECT array_agg(s.id ORDER BY s.id) AS ids, array_agg(coalesce(d.names->>'fi', '') ORDER BY s.id) AS agencies,
               array_agg(s.department_id ORDER BY s.id) AS departments
          FROM service s LEFT JOIN department d ON d.id = s.department_id
         WHERE s.jurisdiction_id = $1 AND NOT s.never_public) s,
    generate_series(1, $2::int) AS g,
    LATERAL (SELECT 1 + floor(random() * cardinality(s.ids))::int AS k, random() AS vis, random() AS st,
                    random() AS ds, random() AS note, random() AS street, random() AS num, random() AS lon,
                    random() AS lat, random() AS loc, random() AS media, random() AS t, random() AS d1,
                    random() AS d2, random() AS d3, random() * 10 AS handled_days, random() * 60 AS closed_days,
                    now() - interval '1095 days' * (1 - (g - random()) / $2::float8) AS at
             OFFSET 0) x,
    LATERAL (SELECT x.st < CASE WHEN x.at > now() - interval '60 days' THEN 0.6 ELSE 0.08 END AS open) o,
    LATERAL (SELECT o.open,
                    CASE WHEN x.t < 0.3 THEN (${MIDDLES})[1 + floor(x.d2 * 8)::int] END AS title,
                    (${OPENINGS})[1 + floor(x.d1 * 10)::int] || ' ' || (${MIDDLES})[1 + floor(x.d2 * 8)::int]
                      || (${CLOSINGS})[1 + floor(x.d3 * 6)::int] AS description,
                    CASE WHEN NOT (o.open AND x.ds < 0.5) THEN least(now(), x.at + x.handled_days * interval '1 day') END AS handled,
                    CASE WHEN NOT o.open THEN least(now(), x.at + (x.handled_days + x.closed_days) * interval '1 day') END AS closed) y`;

const INSERT_CONTACTS = `
  INSERT INTO request_contact (request_id, email, phone, first_name, last_name)
  SELECT id, 'asukas' || id || '@example.fi',
         CASE WHEN id % 3 = 0 THEN '+358 40 ' || lpad((id % 10000000)::text, 7, '0') END, 'Matti', 'Meikäläinen'
    FROM service_request WHERE id > $1::bigint AND id % 10 < 7`;

const INSERT_EVENTS = `
  INSERT INTO request_event (request_id, created_at, kind, public, status, detailed_status, actor)
  SELECT id, requested_at, 'created', true, 'open', 'RECEIVED', 'resident' FROM service_request WHERE id > $1::bigint`;

export type Seeded = { db: Database; seededMaxId: string; action: string };

type Log = (line: string) => void;

function adminUrl(databaseUrl: string): { admin: string; name: string } {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and _`);
  url.pathname = '/postgres';
  return { admin: url.toString(), name };
}

async function withAdmin<T>(databaseUrl: string, work: (client: Client, name: string) => Promise<T>): Promise<T> {
  const { admin, name } = adminUrl(databaseUrl);
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    return await work(client, name);
  } finally {
    await client.end();
  }
}

/** Creates the database when missing (or, with `fresh`, drops and re-creates it). */
async function ensureDatabase(databaseUrl: string, fresh: boolean): Promise<boolean> {
  return withAdmin(databaseUrl, async (client, name) => {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 1) return false;
    await client.query(`CREATE DATABASE ${name}`);
    return true;
  });
}

const open = (databaseUrl: string) => openDatabase({ databaseUrl, dataDir: './data', dbPoolSize: 4 });

async function seededState(pool: Pool): Promise<{ n: number; maxId: string }> {
  const { rows } = await pool.query<{ n: number; max_id: string }>(SEEDED);
  return { n: rows[0].n, maxId: rows[0].max_id };
}

async function timed(log: Log, label: string, work: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  await work();
  log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function bulkLoad(client: PoolClient, count: number, log: Log): Promise<void> {
  await client.query('BEGIN');
  // The generated rows are consistent by construction: skip the per-row foreign-key triggers.
  await client.query(`SET LOCAL session_replication_role = replica`);
  await client.query(`SET LOCAL maintenance_work_mem = '1GB'`);
  await client.query('SELECT setseed(0.42)');
  const { rows: indexes } = await client.query<{ name: string; def: string }>(SECONDARY_INDEXES, [LOAD_TABLES]);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  const { rows } = await client.query<{ max: string }>('SELECT coalesce(max(id), 0)::text AS max FROM service_request');
  await timed(log, `INSERT ${count} service_request rows`, () => client.query(INSERT_REQUESTS, [JURISDICTION, count]));
  await timed(log, 'INSERT request_contact rows', () => client.query(INSERT_CONTACTS, [rows[0].max]));
  await timed(log, 'INSERT request_event rows', () => client.query(INSERT_EVENTS, [rows[0].max]));
  for (const index of indexes) await timed(log, `CREATE INDEX ${index.name}`, () => client.query(index.def));
  // The statistics rollup's triggers did not fire in replica mode (docs/statistics.md).
  await timed(log, 'statistics rollup', () => client.query('SELECT statistics_rollup_rebuild()'));
  await client.query('COMMIT');
}

async function seed(pool: Pool, count: number, log: Log): Promise<void> {
  const client = await pool.connect();
  try {
    await bulkLoad(client, count, log);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  // Vacuum now, so that autovacuum does not start in the middle of a measured run.
  await timed(log, 'VACUUM ANALYZE', () => pool.query(`VACUUM ANALYZE ${LOAD_TABLES.join(', ')}`));
  await timed(log, 'CHECKPOINT', () => pool.query('CHECKPOINT'));
}

/**
 * Removes what earlier benchmark runs wrote (POSTed requests, inserted baseline rows). The FK
 * triggers are skipped and the child rows deleted by hand: service_request.duplicate_of has no
 * index, so each cascaded row delete would otherwise seq-scan the whole table.
 */
export async function removeBenchWrites(pool: Pool, seededMaxId: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Triggers are off below: queue the rows' removal from the statistics rollup and fold it with
    // whatever is queued already, one sum per rollup row (docs/statistics.md).
    await client.query(
      `SELECT statistics_rollup_queue(r, -1, x.request_id IS NOT NULL)
         FROM service_request r LEFT JOIN statistics_redirected x ON x.request_id = r.id WHERE r.id > $1::bigint`,
      [seededMaxId],
    );
    await client.query('SELECT statistics_rollup_fold()');
    await client.query('DELETE FROM statistics_redirected WHERE request_id > $1::bigint', [seededMaxId]);
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query('DELETE FROM request_event WHERE request_id > $1::bigint', [seededMaxId]);
    await client.query('DELETE FROM request_contact WHERE request_id > $1::bigint', [seededMaxId]);
    const { rowCount } = await client.query('DELETE FROM service_request WHERE id > $1::bigint', [seededMaxId]);
    await client.query('COMMIT');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Brings the database back to its seeded state between rounds: the rows the write endpoints added
 * are deleted and the tables vacuumed, analysed and checkpointed, so that neither a growing table
 * nor an autovacuum or checkpoint set off by the last round's writes lands in the next round.
 */
export async function settle(pool: Pool, seededMaxId: string): Promise<{ removed: number; seconds: number }> {
  const started = Date.now();
  const removed = await removeBenchWrites(pool, seededMaxId);
  if (removed > 0) await pool.query(`VACUUM ANALYZE ${LOAD_TABLES.join(', ')}`);
  await pool.query('CHECKPOINT');
  return { removed, seconds: (Date.now() - started) / 1000 };
}

/**
 * Migrated schema + example municipality + `count` generated requests. An existing database with
 * exactly `count` generated requests is reused; one with another count is dropped and re-seeded.
 */
export async function prepareDatabase(databaseUrl: string, count: number, log: Log): Promise<Seeded> {
  const created = await ensureDatabase(databaseUrl, false);
  let db = await open(databaseUrl);
  let state = await seededState(db.pool);
  let action = created ? 'created the database' : 'database existed';
  if (state.n === count) {
    action += `, reused its ${count} generated requests`;
  } else {
    if (state.n > 0) {
      log(`database has ${state.n} generated requests, ${count} wanted: dropping and re-creating it`);
      await db.close();
      await ensureDatabase(databaseUrl, true);
      db = await open(databaseUrl);
      action = 'dropped and re-created the database';
    }
    if (await loadExampleData(db.pool)) log('loaded the example municipality (kerava.fi)');
    log(`seeding ${count} requests…`);
    const started = Date.now();
    await seed(db.pool, count, log);
    action += `, seeded ${count} requests in ${((Date.now() - started) / 1000).toFixed(0)} s`;
    state = await seededState(db.pool);
  }
  const { removed } = await settle(db.pool, state.maxId);
  if (removed > 0) action += `, removed ${removed} rows left by an earlier run`;
  return { db, seededMaxId: state.maxId, action };
}
