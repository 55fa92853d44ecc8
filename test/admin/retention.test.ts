import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config';
import { eraseExpiredContacts } from '../../src/domain/retention';
import { startRetentionWorker } from '../../src/domain/retention-worker';
import { createHandler, type TestHandler } from '../support/admin';
import { runCli } from '../support/cli';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * The retention setting (docs/retention.md): contact details of requests closed more than
 * RETENTION_CONTACT_MONTHS months ago are erased in batches by the worker, and only those;
 * texts, photos and the public record stay. Closing dates are set in the past directly.
 */
let t: TestContext;
let admin: TestHandler;
let service: number;
let sequence = 0;
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  const streets = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  service = await createService(t.db.pool, { code: '100', departmentId: streets });
  admin = await createHandler(t.db.pool, 'admin');
});
afterAll(() => t.close());

/** A request closed `closedDaysAgo` days ago (null: still open), with or without contact details. */
async function plant(closedDaysAgo: number | null, withContact = true): Promise<{ publicId: string; id: string }> {
  sequence += 1;
  const publicId = `2025-${String(sequence).padStart(6, '0')}`;
  const email = withContact ? `old.resident${sequence}@example.invalid` : undefined;
  await plantRequest(t.db.pool, {
    serviceId: service,
    publicId,
    description: `Vanha palaute ${sequence}`,
    status: closedDaysAgo === null ? 'open' : 'closed',
    email,
    phone: withContact ? '+358405556677' : undefined,
    firstName: withContact ? 'Vanha' : undefined,
    requestedAt: daysAgo((closedDaysAgo ?? 0) + 10),
  });
  const { rows } = await t.db.pool.query<{ id: string }>(
    `UPDATE service_request SET closed_at = $2, department_id = (SELECT department_id FROM service WHERE id = $3)
      WHERE public_id = $1 RETURNING id`,
    [publicId, closedDaysAgo === null ? null : daysAgo(closedDaysAgo), service],
  );
  const id = rows[0].id;
  if (email) {
    await t.db.pool.query(
      `INSERT INTO outbox (message_id, request_id, kind, locale, recipient, subject, body, sent_at)
       VALUES ($1, $2, 'answer', 'fi', $3, 'Aihe', 'Viesti', now())`,
      [`<retention-${sequence}@test>`, id, email],
    );
  }
  return { publicId, id };
}

async function stateOf(id: string) {
  const { rows } = await t.db.pool.query(
    `SELECT c.email, c.phone, c.first_name, r.description_original, r.contact_erased_at IS NOT NULL AS contact_erased,
            r.erased_at IS NOT NULL AS erased,
            (SELECT string_agg(recipient, ',') FROM outbox o WHERE o.request_id = r.id) AS recipients,
            (SELECT count(*)::int FROM request_event e WHERE e.request_id = r.id AND e.kind = 'contact_erased') AS events
       FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.id = $1`,
    [id],
  );
  return rows[0];
}

describe('the retention setting', () => {
  it('when RETENTION_CONTACT_MONTHS is unset, then retention is off; a bad value stops the start naming it', () => {
    expect(loadConfig({}).retentionContactMonths).toBeNull();
    expect(loadConfig({ RETENTION_CONTACT_MONTHS: '24' }).retentionContactMonths).toBe(24);
    expect(() => loadConfig({ RETENTION_CONTACT_MONTHS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_CONTACT_MONTHS: 'kaksi' })).toThrow(/RETENTION_CONTACT_MONTHS/);
  });

  it('when run, then only contact details of requests closed more than N months ago go, in batches', async () => {
    const old = await plant(400);
    const older = await plant(800);
    const recent = await plant(300);
    const open = await plant(null);
    const anonymous = await plant(500, false);
    const run = await eraseExpiredContacts(t.db.pool, 12, 2);
    expect(run).toEqual({ erased: 2, checked: 3, mails: 2 });
    for (const { id } of [old, older]) {
      expect(await stateOf(id)).toMatchObject({
        email: null,
        phone: null,
        first_name: null,
        description_original: expect.stringContaining('Vanha palaute'),
        contact_erased: true,
        erased: false,
        recipients: '',
        events: 1,
      });
    }
    for (const { id } of [recent, open]) {
      expect(await stateOf(id)).toMatchObject({ email: expect.any(String), contact_erased: false, events: 0 });
    }
    expect(await stateOf(anonymous.id)).toMatchObject({ contact_erased: true, events: 0 });
    expect(await eraseExpiredContacts(t.db.pool, 12, 2)).toEqual({ erased: 0, checked: 0, mails: 0 });
  });

  it('when a request lost its contact details to retention, then the admin view says so and keeps the texts', async () => {
    const { publicId } = await plant(400);
    await eraseExpiredContacts(t.db.pool, 12);
    const detail = await t.api.get(`/admin/v1/requests/${publicId}`).set(admin.auth);
    expectValidResponse('adminGetRequest', 200, 'json', detail.body);
    expect(detail.body).toMatchObject({
      erased_datetime: null,
      contact_erased_datetime: expect.any(String),
      description: expect.stringContaining('Vanha palaute'),
      contact: { email: null, phone: null, first_name: null },
    });
    const event = detail.body.events.find((e: { kind: string }) => e.kind === 'contact_erased');
    expect(event).toMatchObject({ public: false, actor: 'system', handler: null, data: { retention_months: 12 } });
  });

  it('when two runs go at once, then each request is erased exactly once', async () => {
    const planted = [];
    for (let i = 0; i < 6; i += 1) planted.push(await plant(400 + i));
    const runs = await Promise.all([eraseExpiredContacts(t.db.pool, 12, 2), eraseExpiredContacts(t.db.pool, 12, 2)]);
    expect(runs[0].erased + runs[1].erased).toBe(6);
    for (const { id } of planted) expect(await stateOf(id)).toMatchObject({ contact_erased: true, events: 1 });
  });

  it('when the worker starts, then it runs at once and its figures reach the statistics', async () => {
    const { id } = await plant(1000);
    const worker = startRetentionWorker({ pool: t.db.pool, months: 12, pollMs: 3600000, logger: silent });
    try {
      for (let i = 0; i < 100 && !(await stateOf(id)).contact_erased; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await worker.stop();
    }
    expect(await stateOf(id)).toMatchObject({ email: null, contact_erased: true, events: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const stats = await t.api.get(`/admin/v1/statistics?start_date=${today}`).set(admin.auth);
    expectValidResponse('adminGetStatistics', 200, 'json', stats.body);
    const events = await t.db.pool.query(`SELECT count(*)::int AS n FROM request_event WHERE kind = 'contact_erased'`);
    expect(stats.body.erasure).toEqual({ erased_by_admin: 0, contacts_erased_by_retention: events.rows[0].n });
    expect(events.rows[0].n).toBe(10);
  });

  it('when an operator runs it from the command line, then it erases now and prints the counts', async () => {
    const { id } = await plant(900);
    const unset = await runCli('retention', 'run');
    expect(unset.status).toBe(2);
    expect(unset.stderr).toContain('RETENTION_CONTACT_MONTHS is not set: give --months N');
    expect((await runCli('retention', 'run', '--months', '0')).stderr).toContain('--months must be a whole number');
    expect((await stateOf(id)).contact_erased).toBe(false);
    const run = await runCli('retention', 'run', '--months', '12');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ retention_months: 12, erased: 1, checked: 1, mails: 1 });
    expect(await stateOf(id)).toMatchObject({ email: null, contact_erased: true, events: 1 });
  }, 90000); // four CLI processes, each compiling src/cli.ts on start
});
