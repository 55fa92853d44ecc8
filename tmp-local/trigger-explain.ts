import { Client } from 'pg';
const INSERT = `INSERT INTO service_request (public_id, jurisdiction_id, service_id, department_id, status, detailed_status,
  visibility, title_original, description_original, requested_at, deadline_at, geom, address, locale)
  VALUES ('X-' || $1, 'kerava.fi', $2, $3, 'open', 'RECEIVED', 'pending', 'Kuoppa', 'Kävelytien reunassa on syvä kuoppa.',
          now(), now() + interval '5 days', ST_SetSRID(ST_MakePoint(25.1, 60.4), 4326), 'Asemantie 5', 'fi')`;
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
(async () => {
  const c = new Client({ connectionString: process.argv[2] });
  await c.connect();
  const { rows: services } = await c.query(`SELECT id, department_id FROM service WHERE jurisdiction_id = 'kerava.fi' AND NOT never_public`);
  await c.query('BEGIN');
  const total: number[] = [], trig: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = services[i % services.length];
    const { rows } = await c.query({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${INSERT}`, values: [i, s.id, s.department_id] });
    const plan = rows[0]['QUERY PLAN'][0];
    total.push(plan['Execution Time']);
    const t = (plan.Triggers ?? []).find((x: any) => x['Trigger Name'] === 'statistics_request_inserted');
    trig.push(t ? t.Time : 0);
  }
  await c.query('ROLLBACK');
  console.log('INSERT execution ms median', med(total).toFixed(3), ' rollup trigger ms median', med(trig).toFixed(3), ' share', (med(trig) / med(total) * 100).toFixed(0) + '%');
  const other = total.map((x, i) => x - trig[i]);
  console.log('INSERT without the rollup trigger ms median', med(other).toFixed(3));
  await c.end();
})();
