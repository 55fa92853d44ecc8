import type { Pool } from 'pg';
import type { Draw } from './load';
import { JURISDICTION } from './seed';

/** The generated points cover this box uniformly (seed.ts). */
const AREA = { minLon: 24.95, minLat: 60.33, maxLon: 25.25, maxLat: 60.48 };
const METRES_PER_DEGREE_LAT = 111320;
const COS_LAT = Math.cos((((AREA.minLat + AREA.maxLat) / 2) * Math.PI) / 180);
/** Spatial queries are sized so that about this many public requests of the default window match. */
const EXPECTED_HITS = 75;
const SAMPLE_SIZE = 20000;

export type Target = 'service' | 'baseline';

export type Endpoint = {
  key: string;
  label: string;
  target: Target;
  draw: Draw;
  /** The endpoint this one is measured against (same round), and the least acceptable ratio. */
  compare?: { to: string; min: number };
  /** A second yardstick, reported in the same row. */
  compareAlso?: { to: string; min: number };
};

export type Workload = {
  sample: { id: string; publicId: string }[];
  services: { id: number; code: string }[];
  post: { id: number; code: string };
  apiKey: string;
  windowCount: number;
  box: { dLon: number; dLat: number };
  radius: number;
};

const SAMPLE = `
  SELECT r.id::text AS id, r.public_id FROM public_request r
   WHERE r.jurisdiction_id = $1 AND r.public_id LIKE 'B-%'
   ORDER BY random() LIMIT ${SAMPLE_SIZE}`;

/** Public requests the default 90-day window can show, with a location: what bbox/radius queries search. */
const WINDOW = `
  SELECT count(*)::int AS n FROM public_request r
   WHERE r.jurisdiction_id = $1 AND r.geom IS NOT NULL
     AND r.requested_at >= now() - interval '90 days'`;

const SERVICES = `
  SELECT s.id, s.code FROM service s WHERE s.jurisdiction_id = $1 AND NOT s.never_public AND s.active ORDER BY s.code`;

/** A realtime, auto-published service that needs nothing but a location and a description. */
const POST_SERVICE = `
  SELECT s.id, s.code FROM service s
   WHERE s.jurisdiction_id = $1 AND s.type = 'realtime' AND s.moderation = 'auto' AND NOT s.never_public AND s.active
     AND s.location_rule = 'coords_or_address'
     AND NOT EXISTS (SELECT 1 FROM service_attribute a WHERE a.service_id = s.id AND a.required)
   ORDER BY s.code LIMIT 1`;

export async function loadWorkload(pool: Pool, apiKey: string): Promise<Workload> {
  const [sample, window, services, post] = await Promise.all([
    pool.query<{ id: string; public_id: string }>(SAMPLE, [JURISDICTION]),
    pool.query<{ n: number }>(WINDOW, [JURISDICTION]),
    pool.query<{ id: number; code: string }>(SERVICES, [JURISDICTION]),
    pool.query<{ id: number; code: string }>(POST_SERVICE, [JURISDICTION]),
  ]);
  if (sample.rows.length === 0 || post.rows.length === 0) throw new Error('the bench database has no public requests');
  const windowCount = Math.max(window.rows[0].n, 1);
  const areaDeg2 = (AREA.maxLon - AREA.minLon) * (AREA.maxLat - AREA.minLat);
  const boxArea = (areaDeg2 * EXPECTED_HITS) / windowCount;
  // Square on the ground: a degree of longitude is COS_LAT times a degree of latitude.
  const dLat = Math.min(Math.sqrt(boxArea * COS_LAT), AREA.maxLat - AREA.minLat);
  const dLon = Math.min(boxArea / dLat, AREA.maxLon - AREA.minLon);
  const areaM2 = areaDeg2 * METRES_PER_DEGREE_LAT ** 2 * COS_LAT;
  const radius = Math.sqrt((areaM2 * EXPECTED_HITS) / windowCount / Math.PI);
  return {
    sample: sample.rows.map((r) => ({ id: r.id, publicId: r.public_id })),
    services: services.rows,
    post: post.rows[0],
    apiKey,
    windowCount,
    box: { dLon, dLat },
    radius,
  };
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
const between = (min: number, max: number) => min + Math.random() * (max - min);
const fixed = (n: number) => n.toFixed(5);
const get =
  (path: string): Draw =>
  () => ({ method: 'GET', path });

function bboxQuery(w: Workload): string {
  const minLon = between(AREA.minLon, AREA.maxLon - w.box.dLon);
  const minLat = between(AREA.minLat, AREA.maxLat - w.box.dLat);
  return `bbox=${[minLon, minLat, minLon + w.box.dLon, minLat + w.box.dLat].map(fixed).join(',')}&page_size=100`;
}

function radiusQuery(w: Workload): string {
  const dLat = w.radius / METRES_PER_DEGREE_LAT;
  const dLon = dLat / COS_LAT;
  const lat = between(AREA.minLat + dLat, AREA.maxLat - dLat);
  const long = between(AREA.minLon + dLon, AREA.maxLon - dLon);
  return `lat=${fixed(lat)}&long=${fixed(long)}&radius=${Math.round(w.radius)}&page_size=100`;
}

/**
 * Where POSTs land: inside the example Kerava's boundary (fixtures/kerava/jurisdiction.json),
 * which a POST's point must lie in since several cities share the deployment.
 */
const POST_AREA = { minLon: 25.05, minLat: 60.38, maxLon: 25.17, maxLat: 60.435 };

function postBody(w: Workload): string {
  const lat = between(POST_AREA.minLat, POST_AREA.maxLat);
  const long = between(POST_AREA.minLon, POST_AREA.maxLon);
  return new URLSearchParams({
    api_key: w.apiKey,
    service_code: w.post.code,
    lat: fixed(lat),
    long: fixed(long),
    description: `Kuoppa jalkakäytävällä kohdassa ${fixed(lat)}, ${fixed(long)}: pyöräilijä voi kaatua, korjatkaa pian.`,
    email: 'asukas@example.fi',
  }).toString();
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A resident pasting everything at once: the largest description `similar` accepts (5 000 characters). */
const LONG_DESCRIPTION = (() => {
  let text = 'Kävelytien reunassa on syvä kuoppa, johon pyörä osuu helposti.';
  for (let i = 0; text.length < 5000; i++) text += ` Lisähuomio ${i}: kohta ${(i * 7919) % 1000} on yhä huono.`;
  return encodeURIComponent(text.slice(0, 5000));
})();
const SHORT_DESCRIPTION = encodeURIComponent('syvä kuoppa kävelytiellä');

/** "Already reported?" at the largest radius and limit: only the length of the text differs. */
function similarQuery(w: Workload, description: string): string {
  const point = `lat=${fixed(between(AREA.minLat, AREA.maxLat))}&long=${fixed(between(AREA.minLon, AREA.maxLon))}`;
  return `service_code=${pick(w.services).code}&${point}&radius=2000&limit=20&description=${description}`;
}

/** A spatial query draws a random place on every request; these are the queries EXPLAIN shows. */
export const spatialQueries = (w: Workload) => ({ bbox: bboxQuery(w), radius: radiusQuery(w) });

/**
 * The endpoints named in `only` (all when empty), with every endpoint they are compared to,
 * in the order of the full list.
 */
export function selectEndpoints(list: Endpoint[], only: string[]): Endpoint[] {
  if (only.length === 0) return list;
  const unknown = only.filter((key) => !list.some((e) => e.key === key));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown endpoints: ${unknown.join(', ')}`);
  const wanted = new Set(only);
  // Until nothing is added: a yardstick may itself be compared to another.
  for (let size = 0; size !== wanted.size;) {
    size = wanted.size;
    for (const endpoint of list.filter((e) => wanted.has(e.key))) {
      for (const yardstick of [endpoint.compare, endpoint.compareAlso]) if (yardstick) wanted.add(yardstick.to);
    }
  }
  return list.filter((e) => wanted.has(e.key));
}

/** Every measured endpoint, in the order each round runs them (each baseline just before what it measures). */
export function endpoints(w: Workload): Endpoint[] {
  const v2 = '/open311/v2';
  const id =
    (ext: string): Draw =>
    () => ({ method: 'GET', path: `${v2}/requests/${pick(w.sample).publicId}.${ext}` });
  const list50 =
    (ext: string): Draw =>
    () => ({ method: 'GET', path: `${v2}/requests.${ext}?service_code=${pick(w.services).code}&page_size=50` });
  const bbox =
    (ext: string): Draw =>
    () => ({ method: 'GET', path: `${v2}/requests.${ext}?${bboxQuery(w)}` });
  const list100 =
    (ext: string): Draw =>
    () => ({ method: 'GET', path: `${v2}/requests.${ext}?page_size=100` });
  return [
    { key: 'services.json', label: 'GET services.json', target: 'service', draw: get(`${v2}/services.json`) },
    {
      key: 'services.xml',
      label: 'GET services.xml',
      target: 'service',
      draw: get(`${v2}/services.xml`),
      compare: { to: 'services.json', min: 0.7 },
    },
    {
      key: 'pk',
      label: 'baseline: Koa+pg PK lookup',
      target: 'baseline',
      draw: () => ({ method: 'GET', path: `/pk/${pick(w.sample).id}` }),
    },
    {
      key: 'id.json',
      label: 'GET requests/{id}.json',
      target: 'service',
      draw: id('json'),
      compare: { to: 'pk', min: 0.6 },
    },
    {
      key: 'id.xml',
      label: 'GET requests/{id}.xml',
      target: 'service',
      draw: id('xml'),
      compare: { to: 'id.json', min: 0.7 },
    },
    {
      key: 'list50',
      label: 'baseline: Koa+pg 50-row list',
      target: 'baseline',
      draw: () => ({ method: 'GET', path: `/list50?service_id=${pick(w.services).id}` }),
    },
    {
      key: 'list50.json',
      label: 'GET requests.json?service_code&page_size=50',
      target: 'service',
      draw: list50('json'),
      compare: { to: 'list50', min: 0.6 },
    },
    {
      key: 'list50.xml',
      label: 'GET requests.xml?service_code&page_size=50',
      target: 'service',
      draw: list50('xml'),
      compare: { to: 'list50.json', min: 0.7 },
    },
    {
      key: 'list100.json',
      label: 'GET requests.json?page_size=100',
      target: 'service',
      draw: list100('json'),
      compare: { to: 'pk', min: 0.27 },
    },
    {
      key: 'list100.xml',
      label: 'GET requests.xml?page_size=100',
      target: 'service',
      draw: list100('xml'),
      compare: { to: 'list100.json', min: 0.8 },
    },
    {
      key: 'naive1000',
      label: 'baseline: naive 1000 rows → JSON.stringify',
      target: 'baseline',
      draw: get('/list1000-naive'),
    },
    {
      key: 'default.json',
      label: 'GET requests.json (default, 1000)',
      target: 'service',
      draw: get(`${v2}/requests.json`),
      compare: { to: 'naive1000', min: 1 },
    },
    {
      key: 'default.xml',
      label: 'GET requests.xml (default, 1000)',
      target: 'service',
      draw: get(`${v2}/requests.xml`),
      compare: { to: 'default.json', min: 0.7 },
    },
    {
      key: 'geojson-naive',
      label: 'baseline: naive json_agg FeatureCollection, 1000 rows',
      target: 'baseline',
      draw: get('/geojson-naive'),
    },
    {
      key: 'geojson',
      label: 'GET requests.geojson (city-wide, 1000)',
      target: 'service',
      draw: get(`${v2}/requests.geojson`),
      compare: { to: 'geojson-naive', min: 1.5 },
    },
    {
      key: 'bbox',
      label: 'baseline: Koa+pg bbox query, same rows',
      target: 'baseline',
      draw: () => ({ method: 'GET', path: `/bbox?${bboxQuery(w)}` }),
    },
    {
      key: 'bbox.json',
      label: 'GET requests.json?bbox (≤100)',
      target: 'service',
      draw: bbox('json'),
      compare: { to: 'pk', min: 0.27 },
      compareAlso: { to: 'bbox', min: 1.2 },
    },
    {
      key: 'bbox.xml',
      label: 'GET requests.xml?bbox (≤100)',
      target: 'service',
      draw: bbox('xml'),
      compare: { to: 'bbox.json', min: 0.7 },
    },
    {
      key: 'radius',
      label: 'baseline: Koa+pg radius query, same rows',
      target: 'baseline',
      draw: () => ({ method: 'GET', path: `/radius?${radiusQuery(w)}` }),
    },
    {
      key: 'radius.json',
      label: 'GET requests.json?lat&long&radius (≤100)',
      target: 'service',
      draw: () => ({ method: 'GET', path: `${v2}/requests.json?${radiusQuery(w)}` }),
      compare: { to: 'pk', min: 0.27 },
      compareAlso: { to: 'radius', min: 1.2 },
    },
    {
      key: 'similar.short',
      label: 'GET similar.json (short text, radius 2000, limit 20)',
      target: 'service',
      draw: () => ({ method: 'GET', path: `${v2}/similar.json?${similarQuery(w, SHORT_DESCRIPTION)}` }),
    },
    {
      key: 'similar.worst',
      label: 'GET similar.json (5 000-character text, radius 2000, limit 20)',
      target: 'service',
      draw: () => ({ method: 'GET', path: `${v2}/similar.json?${similarQuery(w, LONG_DESCRIPTION)}` }),
      // Costs at most 3× the short text: at least a third of its throughput.
      compare: { to: 'similar.short', min: 0.33 },
    },
    {
      key: 'insert',
      label: 'baseline: Koa+pg single-row INSERT',
      target: 'baseline',
      draw: () => ({
        method: 'POST',
        path: `/insert?service_id=${w.post.id}`,
        headers: { ...FORM },
        body: postBody(w),
      }),
    },
    {
      key: 'post.json',
      label: 'POST requests.json',
      target: 'service',
      draw: () => ({ method: 'POST', path: `${v2}/requests.json`, headers: { ...FORM }, body: postBody(w) }),
      compare: { to: 'insert', min: 0.3 },
    },
  ];
}
