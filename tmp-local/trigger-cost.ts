import { Client } from 'pg';
const N = 300;
const INSERT = `INSERT INTO service_request (public_id, jurisdiction_id, service_id, department_id, status, detailed_status,
  visibility, title_original, description_original, requested_at, deadline_at, geom, address, locale)
  VALUES ('T-' || $1, 'kerava.fi', $2, $3, 'open', 'RECEIVED', 'pending', 'Kuoppa', 'Kävelytien reunassa on syvä kuoppa.',
          now(), now() + interval '5 days', ST_SetSRID(ST_MakePoint(25.1, 60.4), 4326), 'Asemantie 5', 'fi') RETURNING id`;
const EVENT = `INSERT INTO request_event (request_id, kind, public, status, detailed_status, actor) VALUES ($1, 'created', true, 'open', 'RECEIVED', 'resident')`;
async function round(c: Client, withTriggers: boolean, services: { id: number; department_id: number }[], tag: string): Promise<number[]> {
  await c.query('BEGIN');
  if (!withTriggers) {
    await c.query('ALTER TABLE service_request DISABLE TRIGGER statistics_request_inserted');
  }
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const s = services[i % services.length];
    const started = process.hrtime.bigint();
    const { rows } = await c.query(INSERT, [`${tag}-${i}`, s.id, s.department_id]);
    await c.query(EVENT, [rows[0].id]);
    times.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  await c.query('ROLLBACK');
  return times;
}
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
(async () => {
  const c = new Client({ connectionString: process.argv[2] });
  await c.connect();
  const { rows: services } = await c.query(`SELECT id, department_id FROM service WHERE jurisdiction_id = 'kerava.fi' AND NOT never_public`);
  const results: Record<string, number[]> = { with: [], without: [] };
  for (let r = 0; r < 6; r++) {
    for (const w of r % 2 === 0 ? [true, false] : [false, true]) {
      const times = await round(c, w, services, `${r}${w}`);
      results[w ? 'with' : 'without'].push(med(times));
    }
  }
  console.log('median µs per INSERT service_request + created event, per round of', N);
  console.log('with triggers   ', results.with.map((x) => x.toFixed(0)).join(' '), ' median', med(results.with).toFixed(0));
  console.log('without triggers', results.without.map((x) => x.toFixed(0)).join(' '), ' median', med(results.without).toFixed(0));
  await c.end();
})();
