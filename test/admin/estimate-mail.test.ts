import { createHandler, type TestHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService, daysAgo, plantRequest } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

/**
 * The estimate reaches the resident (docs/publication.md §3): setting or changing a request's
 * `expected_datetime` queues one e-mail through the outbox, in the same transaction, in the
 * resident's language, with the date as written in Finland (Finnish time). Clearing it, setting
 * the same value again, or a resident without an address sends nothing.
 */
let t: TestContext;
let service: number;
let handler: TestHandler;
let sequence = 0;

beforeAll(async () => {
  t = await createTestContext();
  const pool = t.db.pool;
  await createJurisdiction(pool, 'test.fi');
  const streets = await createDepartment(pool, 'test.fi', 'streets', { fi: 'Katupalvelut' });
  service = await createService(pool, { code: '100', departmentId: streets });
  handler = await createHandler(pool, 'handler', [streets]);
});
afterAll(() => t.close());

async function plant(spec: { email?: string; locale?: string; status?: 'open' | 'closed' } = {}): Promise<string> {
  sequence += 1;
  const publicId = `2026-${String(sequence).padStart(6, '0')}`;
  await plantRequest(t.db.pool, {
    serviceId: service,
    publicId,
    requestedAt: daysAgo(2),
    email: spec.email,
    status: spec.status,
  });
  await t.db.pool.query(
    `UPDATE service_request r SET department_id = s.department_id, locale = $2
       FROM service s WHERE s.id = r.service_id AND r.public_id = $1`,
    [publicId, spec.locale ?? 'fi'],
  );
  return publicId;
}

async function setExpected(publicId: string, expected: string | null, status = 200) {
  const response = await t.api
    .put(`/admin/v1/requests/${publicId}/expected`)
    .set(handler.auth)
    .send({ expected_datetime: expected });
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
  expectValidResponse('adminSetExpected', status, 'json', response.body);
  return response.body;
}

const mails = async (publicId: string) =>
  (
    await t.db.pool.query<{ kind: string; locale: string; recipient: string; subject: string; body: string }>(
      `SELECT o.kind, o.locale, o.recipient, o.subject, o.body FROM outbox o
         JOIN service_request r ON r.id = o.request_id WHERE r.public_id = $1 ORDER BY o.id`,
      [publicId],
    )
  ).rows;

describe('PUT /requests/{id}/expected and the resident', () => {
  it('when a handler sets an estimate, then the resident is e-mailed the date in Finnish time', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    // 22:30 UTC on 12 March is already 13 March in Finland.
    await setExpected(publicId, '2030-03-12T22:30:00Z');
    const [mail, ...more] = await mails(publicId);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      kind: 'estimate',
      locale: 'fi',
      recipient: 'asukas@example.test',
      subject: `Arvio palautteesi käsittelystä (${publicId})`,
    });
    expect(mail.body).toContain(`Arvioimme, että palautteesi ${publicId} käsittely valmistuu 13.3.2030 mennessä.`);
    expect(mail.body).not.toContain('korvaa');
    const outbox = await t.api
      .get(`/admin/v1/outbox?service_request_id=${publicId}`)
      .set((await createHandler(t.db.pool, 'admin')).auth);
    expectValidResponse('adminListOutbox', 200, 'json', outbox.body);
  });

  it('when the estimate is changed, then a second mail says it replaces the earlier one', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    await setExpected(publicId, '2030-03-12T10:00:00Z');
    await setExpected(publicId, '2030-04-20T10:00:00+03:00');
    const sent = await mails(publicId);
    expect(sent.map((m) => m.kind)).toEqual(['estimate', 'estimate']);
    expect(sent[1].body).toContain('valmistuu 20.4.2030 mennessä.');
    expect(sent[1].body).toContain('Arvio korvaa aiemmin ilmoitetun.');
  });

  it.each([
    ['sv', `Uppskattning av behandlingen av din respons`, 'är klar senast 13.3.2030.'],
    ['en', `An estimate for your feedback`, 'to be completed by 13 March 2030.'],
  ])('when the resident wrote in %s, then the mail is in that language', async (locale, subject, line) => {
    const publicId = await plant({ email: 'resident@example.test', locale });
    await setExpected(publicId, '2030-03-12T22:30:00Z');
    const [mail] = await mails(publicId);
    expect(mail.locale).toBe(locale);
    expect(mail.subject).toBe(`${subject} (${publicId})`);
    expect(mail.body).toContain(line);
  });

  it('when the estimate is cleared or set to the same value again, then no mail is queued', async () => {
    const publicId = await plant({ email: 'asukas@example.test' });
    await setExpected(publicId, '2030-03-12T10:00:00Z');
    await setExpected(publicId, '2030-03-12T12:00:00+02:00');
    await setExpected(publicId, null);
    expect((await mails(publicId)).length).toBe(1);
    const events = await t.db.pool.query(
      `SELECT e.data FROM request_event e JOIN service_request r ON r.id = e.request_id
        WHERE r.public_id = $1 AND e.kind = 'expected_set' ORDER BY e.id`,
      [publicId],
    );
    expect(events.rows.map((row) => row.data.to)).toEqual(['2030-03-12T10:00:00Z', '2030-03-12T10:00:00Z', null]);
  });

  it('when the resident gave no address, then the estimate is set and no mail is queued', async () => {
    const publicId = await plant();
    await setExpected(publicId, '2030-03-12T10:00:00Z');
    expect(await mails(publicId)).toEqual([]);
    const row = await t.db.pool.query('SELECT expected_at FROM service_request WHERE public_id = $1', [publicId]);
    expect(row.rows[0].expected_at).toEqual(new Date('2030-03-12T10:00:00Z'));
  });

  it('when the estimate is refused (closed request), then no mail is queued either', async () => {
    const publicId = await plant({ email: 'asukas@example.test', status: 'closed' });
    await setExpected(publicId, '2030-03-12T10:00:00Z', 409);
    expect(await mails(publicId)).toEqual([]);
  });
});
