/**
 * The benchmark's yardstick: bare Koa + @koa/router + a `pg` Pool (max 10) on the same database,
 * with no validation, no privacy scope beyond what the list needs, and pg's default type parsing
 * (timestamptz → Date). Run as its own process (node dist/scripts/bench/baseline-server.js) so that
 * its CPU and memory are apart from the service's. Env: DATABASE_URL, PORT, HOST.
 */
import Koa, { type Context } from 'koa';
import { Router } from '@koa/router';
import { Pool } from 'pg';

type Row = {
  id: string;
  public_id: string;
  status: string;
  status_notes: string | null;
  service_id: number;
  description_public: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_at: Date;
  updated_at: Date;
  expected_at: Date | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_urls: string[];
  title_public: string | null;
  detailed_status: string;
};

const COLUMNS = `r.id, r.public_id, r.status, r.status_notes, r.service_id, r.description_public, r.agency_responsible,
  r.service_notice, r.requested_at, r.updated_at, r.expected_at, r.address, r.address_id, r.zipcode,
  ST_Y(r.geom) AS lat, ST_X(r.geom) AS long, r.media_urls, r.title_public, r.detailed_status`;

const PK = `SELECT ${COLUMNS} FROM service_request r WHERE r.id = $1`;

const LIST50 = `SELECT ${COLUMNS} FROM service_request r WHERE r.service_id = $1 ORDER BY r.requested_at DESC LIMIT 50`;

const LIST1000 = `
  SELECT ${COLUMNS} FROM service_request r JOIN service s ON s.id = r.service_id
   WHERE r.jurisdiction_id = $1 AND r.visibility = 'public' AND r.publication_consent AND NOT s.never_public
     AND r.requested_at >= now() - interval '90 days'
   ORDER BY r.requested_at DESC, r.id DESC LIMIT 1000`;

/** The public rule and the default 90-day window, as the service applies them to every list. */
const PUBLIC_WINDOW = `
  FROM service_request r JOIN service s ON s.id = r.service_id
 WHERE r.jurisdiction_id = $1 AND r.visibility = 'public' AND r.publication_consent AND NOT s.never_public
   AND r.requested_at >= $2`;

const BBOX = `SELECT ${COLUMNS} ${PUBLIC_WINDOW} AND r.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326)
   ORDER BY r.requested_at DESC, r.id DESC LIMIT 100`;

const RADIUS = `SELECT ${COLUMNS} ${PUBLIC_WINDOW}
   AND ST_DWithin(r.geom::geography, ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326)::geography, $5::float8, false)
   ORDER BY r.requested_at DESC, r.id DESC LIMIT 100`;

/** A FeatureCollection the naive way: json_agg in SQL, parsed by pg, serialised again by Koa. */
const GEOJSON = `
  SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
           'type', 'Feature', 'id', f.public_id, 'geometry', ST_AsGeoJSON(f.geom)::json,
           'properties', json_build_object('service_request_id', f.public_id, 'status', f.status,
             'status_notes', f.status_notes, 'service_code', f.service_id::text, 'description', f.description_public,
             'agency_responsible', f.agency_responsible, 'service_notice', f.service_notice,
             'requested_datetime', f.requested_at, 'updated_datetime', f.updated_at,
             'expected_datetime', f.expected_at, 'address', f.address, 'address_id', f.address_id,
             'zipcode', f.zipcode, 'media_url', f.media_urls[1])) ORDER BY f.requested_at DESC, f.id DESC), '[]')) AS body
    FROM (SELECT r.* ${PUBLIC_WINDOW} ORDER BY r.requested_at DESC, r.id DESC LIMIT 1000) f`;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The service's default window: the last 90 days from a whole minute. */
const windowStart = () => new Date(Math.floor((Date.now() - 90 * DAY_MS) / 60000) * 60000);

const INSERT = `
  INSERT INTO service_request (public_id, jurisdiction_id, service_id, visibility, description_original,
    description_public, geom)
  VALUES ('X-' || nextval('service_request_number'), $1, $2, 'public', $3, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326))
  RETURNING id`;

const JURISDICTION = 'kerava.fi';

/** The GeoReport shape, built by hand from one row. */
function toObject(row: Row) {
  return {
    service_request_id: row.public_id,
    status: row.status,
    status_notes: row.status_notes,
    service_code: String(row.service_id),
    description: row.description_public,
    agency_responsible: row.agency_responsible,
    service_notice: row.service_notice,
    requested_datetime: row.requested_at,
    updated_datetime: row.updated_at,
    expected_datetime: row.expected_at,
    address: row.address,
    address_id: row.address_id,
    zipcode: row.zipcode,
    lat: row.lat,
    long: row.long,
    media_url: row.media_urls[0] ?? null,
    title: row.title_public,
    detailed_status: row.detailed_status,
  };
}

async function readForm(ctx: Context): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function routes(pool: Pool): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/pk/:id', async (ctx) => {
    const { rows } = await pool.query<Row>(PK, [ctx.params.id]);
    if (rows.length === 0) ctx.throw(404);
    ctx.body = toObject(rows[0]);
  });
  router.get('/list50', async (ctx) => {
    const { rows } = await pool.query<Row>(LIST50, [Number(ctx.query.service_id)]);
    ctx.body = rows.map(toObject);
  });
  router.get('/bbox', async (ctx) => {
    const box = String(ctx.query.bbox).split(',').map(Number);
    const { rows } = await pool.query<Row>(BBOX, [JURISDICTION, windowStart(), ...box]);
    ctx.body = rows.map(toObject);
  });
  router.get('/radius', async (ctx) => {
    const near = [Number(ctx.query.long), Number(ctx.query.lat), Number(ctx.query.radius)];
    const { rows } = await pool.query<Row>(RADIUS, [JURISDICTION, windowStart(), ...near]);
    ctx.body = rows.map(toObject);
  });
  router.get('/geojson-naive', async (ctx) => {
    const { rows } = await pool.query<{ body: unknown }>(GEOJSON, [JURISDICTION, windowStart()]);
    ctx.type = 'application/geo+json';
    ctx.body = rows[0].body;
  });
  router.get('/list1000-naive', async (ctx) => {
    const { rows } = await pool.query<Row>(LIST1000, [JURISDICTION]);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(rows);
  });
  router.post('/insert', async (ctx) => {
    const form = await readForm(ctx);
    const values = [
      JURISDICTION,
      Number(ctx.query.service_id),
      form.get('description'),
      Number(form.get('long')),
      Number(form.get('lat')),
    ];
    const { rows } = await pool.query<{ id: string }>(INSERT, values);
    ctx.status = 201;
    ctx.body = { id: rows[0].id };
  });
  return router;
}

function main(): void {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const app = new Koa();
  app.use(routes(pool).routes());
  const server = app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}

main();
