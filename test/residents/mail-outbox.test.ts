import pino from 'pino';
import { createTransport, type Transporter } from 'nodemailer';
import { enqueueRequestMail } from '../../src/mail/enqueue';
import { startMailWorker, type MailWorker } from '../../src/mail/worker';
import { withTransaction } from '../../src/repositories/transaction';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { createApiKey, plantRequest } from '../support/factories';
import { createHandler } from '../support/admin';
import { header, startLocalSmtp, type LocalSmtp } from '../support/smtp';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
let c: TestCatalogue;
let smtp: LocalSmtp;
const logger = pino({ level: 'silent' });
const workerConfig = {
  mailFrom: 'Kerava palaute <palaute@kerava.test>',
  mailPollMs: 1000,
  mailMaxAttempts: 3,
  mailRetryBaseMs: 1,
  mailLeaseMs: 50,
};

beforeAll(async () => {
  smtp = await startLocalSmtp();
  t = await createTestContext();
  c = await seedCatalogue(t.db.pool);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

let counter = 0;
async function queued(locale = 'fi', email: string | null = 'asukas@example.fi') {
  counter += 1;
  const publicId = `2025-00${String(counter).padStart(4, '0')}`;
  await plantRequest(t.db.pool, { serviceId: c.litter, publicId, email: email ?? undefined });
  await t.db.pool.query('UPDATE service_request SET locale = $2 WHERE public_id = $1', [publicId, locale]);
  const id = (await t.db.pool.query('SELECT id FROM service_request WHERE public_id = $1', [publicId])).rows[0].id;
  const messageId = await withTransaction(t.db.pool, (client) =>
    enqueueRequestMail(client, 'http://palaute.test', id, 'answer', { answer: 'Kiitos, korjattu.' }),
  );
  return { publicId, messageId };
}

const worker = (transport: Transporter, config = workerConfig): MailWorker =>
  startMailWorker({ pool: t.db.pool, config, logger, transport }, false);

const outbox = async (messageId: string | null) =>
  (await t.db.pool.query('SELECT * FROM outbox WHERE message_id = $1', [messageId])).rows[0];

describe('the outbox and its SMTP worker', () => {
  it('when a message is queued and the worker runs, then it arrives over SMTP with its stable Message-ID, in the request language', async () => {
    const { publicId, messageId } = await queued('sv');
    const mailer = worker(createTransport(smtp.url));
    expect(await mailer.runOnce()).toBe(1);
    await mailer.stop();
    const mail = smtp.received.find((m) => header(m.raw, 'Message-ID') === messageId);
    expect(mail).toBeDefined();
    expect(mail?.to).toEqual(['asukas@example.fi']);
    expect(mail?.subject).toContain(publicId);
    expect(mail?.text).toContain('Svar');
    expect(header(mail?.raw ?? '', 'Auto-Submitted')).toBe('auto-generated');
    expect(await outbox(messageId)).toMatchObject({ attempts: 1, last_error: null });
    expect((await outbox(messageId)).sent_at).not.toBeNull();
  });

  it('when there is no e-mail address, then nothing is queued', async () => {
    const { messageId } = await queued('fi', null);
    expect(messageId).toBeNull();
  });

  it('when SMTP is down, then the message waits with backoff and is delivered once SMTP is back', async () => {
    const { messageId } = await queued();
    smtp.setFailing(true);
    const mailer = worker(createTransport(smtp.url));
    await mailer.runOnce();
    const waiting = await outbox(messageId);
    expect(waiting).toMatchObject({ attempts: 1, sent_at: null, failed_at: null });
    expect(waiting.last_error).toContain('451');
    smtp.setFailing(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await mailer.runOnce();
    await mailer.stop();
    expect((await outbox(messageId)).sent_at).not.toBeNull();
    expect(smtp.received.filter((m) => header(m.raw, 'Message-ID') === messageId)).toHaveLength(1);
  });

  it('when the process dies mid-send, then after the lease the message is sent again under the same Message-ID', async () => {
    const { messageId } = await queued();
    // A transport that never answers: the worker holding the message is "killed" mid-send.
    const stuck = { sendMail: () => new Promise(() => undefined), close: () => undefined } as unknown as Transporter;
    // A lease long enough that a busy machine (test files run in parallel) cannot outrun it between two claims.
    const leased = { ...workerConfig, mailLeaseMs: 1000 };
    void worker(stuck, leased).runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await outbox(messageId)).attempts).toBe(1);
    const other = worker(createTransport(smtp.url), leased);
    expect(await other.runOnce()).toBe(0); // still leased to the dead one
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await other.runOnce()).toBe(1);
    await other.stop();
    const row = await outbox(messageId);
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(2);
    expect(smtp.received.filter((m) => header(m.raw, 'Message-ID') === messageId)).toHaveLength(1);
  });

  it('when delivery keeps failing, then the message is given up after MAIL_MAX_ATTEMPTS and kept for admins', async () => {
    const { messageId } = await queued();
    smtp.setFailing(true);
    const mailer = worker(createTransport(smtp.url));
    for (let i = 0; i < 3; i += 1) {
      await t.db.pool.query('UPDATE outbox SET next_attempt_at = now() WHERE message_id = $1', [messageId]);
      await mailer.runOnce();
    }
    await mailer.stop();
    smtp.setFailing(false);
    const row = await outbox(messageId);
    expect(row.attempts).toBe(3);
    expect(row.failed_at).not.toBeNull();
    expect(row.sent_at).toBeNull();
  });

  it('when a resident posts with an e-mail address, then the acknowledgement with a working tracking link is queued in the same statement and delivered', async () => {
    const key = await createApiKey(t.db.pool);
    const response = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '102',
      lat: '60.4',
      long: '25.1',
      locale: 'en',
      email: 'resident@example.fi',
      description: 'Litter all over the park by the school.',
    });
    expect(response.status).toBe(200);
    const publicId = response.body[0].service_request_id as string;
    const queuedRow = (
      await t.db.pool.query(
        `SELECT o.* FROM outbox o JOIN service_request r ON r.id = o.request_id WHERE r.public_id = $1`,
        [publicId],
      )
    ).rows;
    expect(queuedRow).toHaveLength(1);
    expect(queuedRow[0]).toMatchObject({ kind: 'acknowledgement', locale: 'en', recipient: 'resident@example.fi' });
    expect(queuedRow[0].subject).toBe(`Your feedback has been received (${publicId})`);
    const mailer = worker(createTransport(smtp.url));
    await mailer.runOnce();
    await mailer.stop();
    const mail = smtp.received.find((m) => header(m.raw, 'Message-ID') === queuedRow[0].message_id);
    const link = /http:\/\/palaute\.test(\/requests\/[^\s]+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toContain(`/requests/${publicId}?tracking_token=`);
    expect((await t.api.get(link ?? '')).status).toBe(200);

    const anonymous = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: key,
      service_code: '102',
      lat: '60.4',
      long: '25.1',
      description: 'Roskia puistossa koulun vieressä.',
    });
    const none = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM outbox o JOIN service_request r ON r.id = o.request_id WHERE r.public_id = $1`,
      [anonymous.body[0].service_request_id],
    );
    expect(none.rows[0].n).toBe(0);
  });

  it('when a handler answers, changes the status, redirects or closes as a duplicate, then one message each is queued in the request language; notes send nothing', async () => {
    const key = await createApiKey(t.db.pool);
    const department = (await t.db.pool.query('SELECT department_id FROM service WHERE id = $1', [c.litter])).rows[0]
      .department_id as number;
    const admin = await createHandler(t.db.pool, 'admin');
    const send = async (locale: string) =>
      (
        await t.api.post('/open311/v2/requests.json').type('form').send({
          api_key: key,
          service_code: '102',
          lat: '60.4',
          long: '25.1',
          locale,
          email: 'seuraaja@example.fi',
          description: 'Roskia puistossa koulun vieressä.',
        })
      ).body[0].service_request_id as string;
    const id = await send('fi');
    const act = (path: string, body: object) =>
      t.api.post(`/admin/v1/requests/${id}/${path}`).set(admin.auth).send(body);
    expect((await act('notes', { note: 'SISÄINEN' })).status).toBe(200);
    expect((await act('status', { detailed_status: 'IN_PROCESS', answer: 'Otimme työn alle.' })).status).toBe(200);
    expect((await act('answer', { answer: 'Siivous torstaina.' })).status).toBe(200);
    const original = await send('en');
    const duplicate = await send('sv');
    expect(
      (await t.api.post(`/admin/v1/requests/${duplicate}/duplicate`).set(admin.auth).send({ original_id: original }))
        .status,
    ).toBe(200);
    const redirected = await send('en');
    expect(
      (
        await t.api
          .post(`/admin/v1/requests/${redirected}/redirect`)
          .set(admin.auth)
          .send({ to: 'authority', authority_name: 'Väylävirasto', authority_contact: 'kirjaamo@vayla.fi' })
      ).status,
    ).toBe(200);
    const messages = async (publicId: string) =>
      (
        await t.db.pool.query(
          `SELECT o.kind, o.locale, o.subject, o.body FROM outbox o JOIN service_request r ON r.id = o.request_id
            WHERE r.public_id = $1 ORDER BY o.id`,
          [publicId],
        )
      ).rows;
    const mine = await messages(id);
    expect(mine.map((m) => m.kind)).toEqual(['acknowledgement', 'status_changed', 'answer']);
    expect(mine[1].subject).toContain('Käsittelyssä');
    expect(mine[1].body).toContain('Otimme työn alle.');
    expect(mine[2].body).toContain('Siivous torstaina.');
    for (const m of mine) expect(m.body).not.toContain('SISÄINEN');
    const dup = await messages(duplicate);
    expect(dup.map((m) => [m.kind, m.locale])).toEqual([
      ['acknowledgement', 'sv'],
      ['duplicate', 'sv'],
    ]);
    expect(dup[1].body).toContain(original);
    const red = await messages(redirected);
    expect(red.map((m) => m.kind)).toEqual(['acknowledgement', 'redirected']);
    expect(red[1].body).toContain('Väylävirasto');
    expect(department).not.toBeUndefined();
  });
});

describe('GET /admin/v1/outbox', () => {
  it('when no SMTP server delivers, then an admin reads the pending message with its recipient, never cached', async () => {
    const { publicId, messageId } = await queued('sv', 'odottaa@example.fi');
    const admin = await createHandler(t.db.pool, 'admin');
    const response = await t.api.get(`/admin/v1/outbox?state=pending&service_request_id=${publicId}`).set(admin.auth);
    expect(response.status).toBe(200);
    expectValidResponse('adminListOutbox', 200, 'json', response.body);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.body.items).toEqual([
      expect.objectContaining({
        message_id: messageId,
        service_request_id: publicId,
        recipient: 'odottaa@example.fi',
        locale: 'sv',
        state: 'pending',
        sent_datetime: null,
      }),
    ]);
    const sent = await t.api.get(`/admin/v1/outbox?state=sent&service_request_id=${publicId}`).set(admin.auth);
    expect(sent.body.items).toEqual([]);
  });

  it('when a parameter is unknown or a state is bad, then 400 naming it', async () => {
    const admin = await createHandler(t.db.pool, 'admin');
    const unknown = await t.api.get('/admin/v1/outbox?recipient=x').set(admin.auth);
    expect({ status: unknown.status, body: unknown.body }).toEqual({
      status: 400,
      body: { errors: [{ code: 400, description: 'unknown parameter "recipient"' }] },
    });
    const state = await t.api.get('/admin/v1/outbox?state=lost').set(admin.auth);
    expect(state.status).toBe(400);
    expect(state.body.errors[0].description).toBe('state must be one of pending, sent, failed');
  });
});
