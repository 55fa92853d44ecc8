import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import sharp from 'sharp';

/** The two running instances (B reads from the replica) and direct connections to both databases. */
export type Instances = {
  a: string;
  b: string;
  primary: Pool;
  replica: Pool;
  apiKey: string;
  adminToken: string;
};

type Report = (line: string) => void;

const CITY = 'kerava.fi';
/** The documented bound for a catalogue change to show everywhere: CATALOGUE_CACHE_SECONDS' default. */
const CATALOGUE_BOUND_MS = 5000;
/** Requests posted to measure how long the replica lags behind. */
const LAG_SAMPLES = 20;
/** How long a read may wait for the replica before the check fails. */
const LAG_LIMIT_MS = 10000;

/** A realtime, auto-published service of the example city that needs only a point and a description. */
const POST_SERVICE = `
  SELECT s.code FROM service s
   WHERE s.jurisdiction_id = $1 AND s.type = 'realtime' AND s.moderation = 'auto' AND NOT s.never_public AND s.active
     AND s.location_rule = 'coords_or_address'
     AND NOT EXISTS (SELECT 1 FROM service_attribute a WHERE a.service_id = s.id AND a.required)
   ORDER BY s.code LIMIT 1`;

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

let serviceCode: string | null = null;
async function postServiceCode(i: Instances): Promise<string> {
  serviceCode ??= (await i.primary.query<{ code: string }>(POST_SERVICE, [CITY])).rows[0]?.code ?? null;
  if (serviceCode === null) throw new Error(`the example city ${CITY} has no service a plain POST can use`);
  return serviceCode;
}

type Posted = { id: string; tracking: string };

/** A POST with a point inside Kerava, from `address` (TRUST_PROXY is on), optionally with a photo. */
async function post(i: Instances, base: string, address: string, text: string, photo?: Buffer): Promise<Response> {
  const form = new FormData();
  form.set('api_key', i.apiKey);
  form.set('service_code', await postServiceCode(i));
  form.set('lat', '60.404');
  form.set('long', '25.104');
  form.set('description', text);
  if (photo) form.set('media', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'kuva.jpg');
  return fetch(`${base}/open311/v2/requests.json?extensions=true`, {
    method: 'POST',
    body: form,
    headers: { 'X-Forwarded-For': address },
  });
}

async function postOk(i: Instances, address: string, text: string, photo?: Buffer): Promise<Posted> {
  const response = await post(i, i.a, address, text, photo);
  const body = (await response.json()) as {
    service_request_id: string;
    extended_attributes: { tracking_token: string };
  }[];
  check(response.status === 200, `POST through A answered ${response.status}: ${JSON.stringify(body)}`);
  return { id: body[0].service_request_id, tracking: body[0].extended_attributes.tracking_token };
}

/** Polls until `ready` is true; the milliseconds it took, or an error after LAG_LIMIT_MS. */
async function until(what: string, ready: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await ready())) {
    if (performance.now() - started > LAG_LIMIT_MS) throw new Error(`${what}: not within ${LAG_LIMIT_MS} ms`);
  }
  return performance.now() - started;
}

const publicRead = (base: string, id: string) => fetch(`${base}/open311/v2/requests/${id}.json`);

/**
 * Posts through A and reads through B: the submitter's own view (tracking token) at once from
 * the primary, the public read once the replica has replayed the POST. Reports how long that
 * took as B's clients see it and as the replica's replay position shows it.
 */
export async function measureLag(i: Instances, report: Report): Promise<void> {
  const visible: number[] = [];
  const replayed: number[] = [];
  for (let n = 0; n < LAG_SAMPLES; n++) {
    const posted = await postOk(
      i,
      `203.0.113.${n + 1}`,
      `Monen instanssin testi ${n}: katuvalo ei pala puiston laidalla.`,
    );
    const lsn = (await i.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
    const own = await fetch(`${i.b}/open311/v2/requests/${posted.id}.json?tracking_token=${posted.tracking}`);
    check(own.status === 200, `B's own view right after A's POST answered ${own.status}, not 200 from the primary`);
    const [http, wal] = await Promise.all([
      until(`request ${posted.id} public through B`, async () => (await publicRead(i.b, posted.id)).status === 200),
      until(`replica replay of ${lsn}`, async () => {
        const result = await i.replica.query<{ done: boolean }>(
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
          [lsn],
        );
        return result.rows[0].done;
      }),
    ]);
    visible.push(http);
    replayed.push(wal);
  }
  report(`replica lag over ${LAG_SAMPLES} POSTs through A (from A's answer):`);
  report(`  public read through B answers 200 after: median ${ms(median(visible))}, max ${ms(Math.max(...visible))}`);
  report(
    `  replica has replayed the POST's WAL after: median ${ms(median(replayed))}, max ${ms(Math.max(...replayed))}`,
  );
  report('  own view (tracking token) through B: 200 at once, from the primary');
}

/** B's public reads really go to the standby, B is ready on both databases, A has no read pool. */
export async function checkReadRouting(i: Instances, report: Report): Promise<void> {
  check((await fetch(`${i.b}/ready`)).status === 200, 'B is not ready');
  const sessions = await i.replica.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'palaute311-b-reads'`,
  );
  check(sessions.rows[0].n > 0, 'B has no connection to the replica: its public reads did not go there');
  const onReplica = await i.replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
  check(onReplica.rows[0].standby, 'the replica is not a standby');
  const metricsB = await (await fetch(`${i.b}/metrics`)).text();
  const metricsA = await (await fetch(`${i.a}/metrics`)).text();
  check(/^palaute311_db_read_pool_max_connections \d+$/m.test(metricsB), "B's /metrics lacks its read pool");
  check(!metricsA.includes('palaute311_db_read_pool'), "A's /metrics shows a read pool it does not have");
  report(
    `read routing: B holds ${sessions.rows[0].n} connection(s) on the standby; /ready and /metrics see both pools`,
  );
}

/** A photo posted through A is served by B, byte for byte as A serves it. */
export async function checkPhoto(i: Instances, report: Report): Promise<void> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .toBuffer();
  const posted = await postOk(i, '203.0.113.200', 'Monen instanssin testi: kuva rikkinäisestä penkistä.', jpeg);
  let mediaUrl = '';
  await until(`request ${posted.id} with its photo through B`, async () => {
    const response = await publicRead(i.b, posted.id);
    if (response.status !== 200) return false;
    mediaUrl = ((await response.json()) as { media_url: string }[])[0].media_url;
    return true;
  });
  check(/\/media\/[0-9a-f]{32}\.jpg$/.test(mediaUrl), `the request has no stored photo: media_url "${mediaUrl}"`);
  const file = new URL(mediaUrl).pathname;
  const fromB = await fetch(`${i.b}${file}`);
  check(fromB.status === 200, `B answered ${fromB.status} for the photo A stored (${file})`);
  const fromA = await fetch(`${i.a}${file}`);
  const hash = async (response: Response) =>
    createHash('sha256')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex');
  check((await hash(fromB)) === (await hash(fromA)), 'B served other bytes than A for the same photo');
  report(`photo: posted through A, served by B (${file}), same bytes as from A`);
}

async function serviceNameOnB(i: Instances, code: string): Promise<string | undefined> {
  const response = await fetch(`${i.b}/open311/v2/services.json?jurisdiction_id=${CITY}&locale=en`);
  const services = (await response.json()) as { service_code: string; service_name: string }[];
  return services.find((s) => s.service_code === code)?.service_name;
}

/** A service renamed through A's admin API shows in B's public catalogue within the documented bound. */
export async function checkCatalogue(i: Instances, report: Report): Promise<void> {
  const code = await postServiceCode(i);
  const before = await serviceNameOnB(i, code);
  const name = `Multi-instance ${Date.now()}`;
  const response = await fetch(`${i.a}/admin/v1/services/${code}?jurisdiction_id=${CITY}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${i.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ names: { fi: `Monta instanssia ${name}`, sv: `Flera instanser ${name}`, en: name } }),
  });
  check(
    response.status === 200,
    `PATCH of service ${code} through A answered ${response.status}: ${await response.text()}`,
  );
  const took = await until(
    `the new name of service ${code} through B`,
    async () => (await serviceNameOnB(i, code)) === name,
  );
  check(
    took <= CATALOGUE_BOUND_MS,
    `B showed the new name after ${ms(took)}, beyond the documented ${CATALOGUE_BOUND_MS} ms`,
  );
  report(
    `catalogue: "${before}" renamed through A showed through B after ${ms(took)} (bound ${CATALOGUE_BOUND_MS} ms)`,
  );
}

/** POSTs from one address alternate between A and B: the limit counts them together. */
export async function checkRateLimit(i: Instances, limit: number, report: Report): Promise<void> {
  const statuses: string[] = [];
  for (let n = 0; n < limit + 2; n++) {
    const [name, base] = n % 2 === 0 ? ['A', i.a] : ['B', i.b];
    const response = await post(i, base, '198.51.100.77', `Monen instanssin raja ${n}: roskia kadulla.`);
    await response.arrayBuffer();
    statuses.push(`${name} ${response.status}`);
    const expected = n < limit ? 200 : 429;
    check(
      response.status === expected,
      `POST ${n + 1} through ${name} answered ${response.status}, not ${expected}: ${statuses.join(', ')}`,
    );
  }
  report(`shared POST limit of ${limit} per address across A and B: ${statuses.join(', ')}`);
}
