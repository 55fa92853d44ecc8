import { ConfigError, loadConfig } from '../../src/config';
import { photoQueue } from '../../src/media/photo-queue';
import { createHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * GET /metrics (docs/metrics.md): request counts by route template and status, refusals, the
 * pool, the background queues' backlogs read from the tables, and the token and off switches.
 */
type Sample = { name: string; labels: Record<string, string>; value: number };

function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with exactly these labels; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}

const requests = (method: string, route: string, status: number) => ({ method, route, status: String(status) });
const COUNT = 'palaute311_http_request_duration_seconds_count';
const TOKEN = 'metrics-token-0123456789abcdef';

let t: TestContext;
let s: TestCatalogue;

async function scrape(context = t): Promise<Sample[]> {
  const response = await context.api.get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(response.headers['cache-control']).toBe('no-store');
  return parse(response.text);
}

async function tableCounts(): Promise<Record<string, number>> {
  const row = await t.db.pool.query<Record<string, number>>(`
    SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL)::int AS outbox_pending,
           (SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL)::int AS outbox_failed,
           (SELECT count(*) FROM webhook_delivery WHERE delivered_at IS NULL AND failed_at IS NULL)::int AS webhooks_pending,
           (SELECT count(*) FROM webhook_delivery WHERE failed_at IS NOT NULL)::int AS webhooks_failed`);
  return row.rows[0];
}

async function addOutbox(messageId: string, state: 'pending' | 'sent' | 'failed'): Promise<void> {
  await t.db.pool.query(
    `INSERT INTO outbox (message_id, kind, locale, recipient, subject, body, sent_at, failed_at)
     VALUES ($1, 'test', 'fi', 'someone@example.invalid', 'subject', 'body',
             CASE WHEN $2 = 'sent' THEN now() END, CASE WHEN $2 = 'failed' THEN now() END)`,
    [messageId, state],
  );
}

beforeAll(async () => {
  t = await createTestContext({
    RATE_LIMIT_GETS_PER_ADDRESS: '4',
    RATE_LIMIT_POSTS_PER_ADDRESS: '1',
    METRICS_CACHE_SECONDS: '600',
  });
  s = await seedCatalogue(t.db.pool);
  // Webhook deliveries come from the request_event trigger: one per event of a live webhook.
  await t.db.pool.query(
    `INSERT INTO webhook (jurisdiction_id, name, url, events, secret)
     VALUES ('test.fi', 'case system', 'http://hooks.invalid/in', ARRAY['request.created'], 'secret')`,
  );
  for (const id of ['2026-000001', '2026-000002', '2026-000003']) {
    await plantRequest(t.db.pool, { serviceId: s.pothole, publicId: id });
  }
  await t.db.pool.query(
    `UPDATE webhook_delivery SET failed_at = now() WHERE id = (SELECT min(id) FROM webhook_delivery)`,
  );
  await addOutbox('m1@test', 'pending');
  await addOutbox('m2@test', 'pending');
  await addOutbox('m3@test', 'sent');
  await addOutbox('m4@test', 'failed');
  await t.db.pool.query(
    `INSERT INTO alert_pending (event_id, request_id, kind, attempts)
     SELECT e.id, e.request_id, 'created', a FROM request_event e, (VALUES (0), ($1::int)) v(a)
      WHERE e.id = (SELECT min(id) FROM request_event)`,
    [t.config.mailMaxAttempts],
  );
});
afterAll(() => t.close());

describe('GET /metrics', () => {
  it('when requests were served, then they are counted by method, route template and status, and refusals by limit', async () => {
    const handler = await createHandler(t.db.pool, 'admin');
    expect((await t.api.get('/open311/v2/services.json')).status).toBe(200);
    expect((await t.api.get('/open311/v2/requests/2026-999999.json')).status).toBe(404);
    expect((await t.api.get('/nothing/here')).status).toBe(404);
    expect((await t.api.get('/open311/v2/requests/2026-000001.json')).status).toBe(200);
    expect((await t.api.get('/open311/v2/services.json')).status).toBe(429);
    expect((await t.api.get('/admin/v1/me').set(handler.auth)).status).toBe(200);
    expect((await t.api.delete('/open311/v2/services.json')).status).toBe(405);
    expect((await t.api.post('/open311/v2/requests.json').send({})).status).not.toBe(429);
    expect((await t.api.post('/open311/v2/requests.json').send({})).status).toBe(429);

    const samples = await scrape();
    expect(valueOf(samples, COUNT, requests('GET', '/open311/v2/services.json', 200))).toBe(1);
    expect(valueOf(samples, COUNT, requests('GET', '/open311/v2/requests/:file', 404))).toBe(1);
    expect(valueOf(samples, COUNT, requests('GET', '/open311/v2/requests/:file', 200))).toBe(1);
    expect(valueOf(samples, COUNT, requests('GET', 'none', 404))).toBe(1);
    // The GET limit refuses before any router runs: no route is known.
    expect(valueOf(samples, COUNT, requests('GET', 'none', 429))).toBe(1);
    expect(valueOf(samples, COUNT, requests('GET', '/admin/v1/me', 200))).toBe(1);
    expect(valueOf(samples, COUNT, requests('DELETE', '/open311/v2/services.json', 405))).toBe(1);
    expect(valueOf(samples, COUNT, requests('POST', '/open311/v2/requests.json', 429))).toBe(1);
    const bucket = { ...requests('GET', '/open311/v2/services.json', 200), le: '+Inf' };
    expect(valueOf(samples, 'palaute311_http_request_duration_seconds_bucket', bucket)).toBe(1);
    expect(valueOf(samples, 'palaute311_rate_limit_refusals_total', { limit: 'get_per_address' })).toBe(1);
    expect(valueOf(samples, 'palaute311_rate_limit_refusals_total', { limit: 'post_per_address' })).toBe(1);
    expect(valueOf(samples, 'palaute311_rate_limit_refusals_total', { limit: 'post_per_api_key' })).toBe(0);
    expect(valueOf(samples, 'palaute311_rate_limit_refusals_total', { limit: 'photo_queue' })).toBe(0);
  });

  it('when /metrics is scraped, then it is not in its own request metrics nor held to the public GET limit', async () => {
    for (let i = 0; i < 6; i++) await scrape();
    const samples = await scrape();
    expect(samples.filter((sample) => sample.labels.route === '/metrics')).toEqual([]);
  });

  it('when scraped, then the pool gauges describe the pg pool and the process metrics carry the prefix', async () => {
    const samples = await scrape();
    const max = valueOf(samples, 'palaute311_db_pool_max_connections') as number;
    expect(max).toBe(t.db.pool.options.max);
    const open = valueOf(samples, 'palaute311_db_pool_connections') as number;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBeLessThanOrEqual(max);
    expect(valueOf(samples, 'palaute311_db_pool_idle_connections')).toBeLessThanOrEqual(open);
    expect(valueOf(samples, 'palaute311_db_pool_waiting_clients')).toBe(0);
    expect(valueOf(samples, 'palaute311_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'palaute311_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'palaute311_photo_requests_admitted')).toBe(0);
    expect(valueOf(samples, 'palaute311_photo_requests_capacity')).toBe(1 + t.config.mediaQueueLength);
    expect(valueOf(samples, 'palaute311_photo_jobs_waiting')).toBe(0);
  });

  it('when scraped, then the outbox, alert and webhook backlogs match the tables', async () => {
    const table = await tableCounts();
    expect(table).toEqual({ outbox_pending: 2, outbox_failed: 1, webhooks_pending: 2, webhooks_failed: 1 });
    const samples = await scrape();
    expect(valueOf(samples, 'palaute311_backlog_up')).toBe(1);
    expect(valueOf(samples, 'palaute311_outbox_messages', { state: 'pending' })).toBe(table.outbox_pending);
    expect(valueOf(samples, 'palaute311_outbox_messages', { state: 'failed' })).toBe(table.outbox_failed);
    expect(valueOf(samples, 'palaute311_webhook_deliveries', { state: 'pending' })).toBe(table.webhooks_pending);
    expect(valueOf(samples, 'palaute311_webhook_deliveries', { state: 'failed' })).toBe(table.webhooks_failed);
    expect(valueOf(samples, 'palaute311_alerts_queued', { state: 'pending' })).toBe(1);
    expect(valueOf(samples, 'palaute311_alerts_queued', { state: 'failed' })).toBe(1);
  });

  it('when the tables change within METRICS_CACHE_SECONDS, then scrapes reuse the counts instead of asking again', async () => {
    await addOutbox('m5@test', 'pending');
    const samples = await scrape();
    expect(valueOf(samples, 'palaute311_outbox_messages', { state: 'pending' })).toBe(2);
  });

  it('when a request path carries secrets, then the scrape shows only route templates', async () => {
    await plantRequest(t.db.pool, {
      serviceId: s.pothole,
      publicId: '2026-000009',
      email: 'leak.metrics@example.invalid',
      description: 'METRICS-DESCRIPTION-MARKER',
    });
    const handler = await createHandler(t.db.pool, 'admin');
    await t.api.get('/admin/v1/requests/2026-000009?q=METRICS-QUERY-MARKER').set(handler.auth);
    await t.api.get('/requests/METRICS-PATH-MARKER').set('X-Request-Id', 'METRICS-ID-MARKER');
    const text = (await t.api.get('/metrics')).text;
    for (const secret of ['leak.metrics', 'METRICS-', '2026-000009', handler.token]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('the photo queue', () => {
  it('when the queue is full, then the refusal is counted and the load shows the admitted request', async () => {
    const refused: string[] = [];
    const queue = photoQueue(0, () => refused.push('photo_queue'));
    let release = () => undefined as void;
    const held = queue.admit(() => new Promise<void>((resolve) => (release = resolve)));
    expect(queue.load()).toEqual({ admitted: 1, capacity: 1, waiting: 0 });
    await expect(queue.admit(async () => undefined)).rejects.toMatchObject({ status: 503 });
    expect(refused).toEqual(['photo_queue']);
    release();
    await held;
    expect(queue.load().admitted).toBe(0);
  });
});

describe('METRICS and METRICS_TOKEN', () => {
  it('when METRICS_TOKEN is set, then /metrics needs it as a bearer token: 401 without, 200 with', async () => {
    const guarded = await createTestContext({ METRICS_TOKEN: TOKEN }, { reset: false });
    try {
      for (const header of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const request = guarded.api.get('/metrics');
        const response = await (header === undefined ? request : request.set('Authorization', header));
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(response.text).not.toContain('palaute311_');
        expectValidResponse('getMetrics', 401, 'json', response.body);
      }
      const allowed = await guarded.api.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('palaute311_backlog_up 1');
    } finally {
      await guarded.close();
    }
  });

  it('when METRICS=off, then /metrics is an unknown route (404)', async () => {
    const off = await createTestContext({ METRICS: 'off' }, { reset: false });
    try {
      const response = await off.api.get('/metrics');
      expect(response.status).toBe(404);
      expectValidResponse('getMetrics', 404, 'json', response.body);
      expect((await off.api.get('/health')).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('when METRICS or METRICS_TOKEN is malformed, then the configuration names the variable', () => {
    expect(() => loadConfig({ METRICS: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS: 'yes' })).toThrow(/METRICS must be one of on, off/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16 to 200/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in it ok' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({}).metrics).toBe('on');
    expect(loadConfig({}).metricsToken).toBeNull();
  });
});
