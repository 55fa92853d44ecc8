import pino from 'pino';
import { createTransport } from 'nodemailer';
import { simpleParser, type AddressObject } from 'mailparser';
import { enqueueRequestMail } from '../../src/mail/enqueue';
import { startMailWorker } from '../../src/mail/worker';
import { insertApplication } from '../../src/repositories/application-repository';
import { withTransaction } from '../../src/repositories/transaction';
import { createHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction, createService } from '../support/factories';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp';
import { composeAlerts } from './alert-helpers';

/**
 * Each city's mail goes out under its own sender (docs/domain-model.md §12): the outbox row
 * keeps the city's `From:` when the message is queued (acknowledgement, a handler's answer,
 * the sign-in link), the worker sends with it over real SMTP, and a city without a sender
 * keeps MAIL_FROM. The body is signed with the city's name, and the tracking link is at the
 * city's own address when it has one.
 */

let t: TestContext;
let smtp: LocalSmtp;
const MAIL_FROM = 'Kerava palaute <palaute@kerava.test>';
const workerConfig = { mailFrom: MAIL_FROM, mailPollMs: 1000, mailMaxAttempts: 3, mailRetryBaseMs: 1, mailLeaseMs: 50 };
const keys: Record<string, string> = {};

beforeAll(async () => {
  smtp = await startLocalSmtp();
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  const admin = await createHandler(t.db.pool, 'admin');
  const created = await t.api
    .post('/admin/v1/jurisdictions')
    .set(admin.auth)
    .send({
      jurisdiction_id: 'jarvenpaa.fi',
      names: { fi: 'Järvenpään kaupunki', en: 'City of Järvenpää' },
      request_prefix: 'JP',
      mail_from_name: 'Järvenpään "palaute"',
      mail_from_address: 'palaute@jarvenpaa.fi',
      public_base_url: 'https://palaute.jarvenpaa.fi',
      host_names: ['palaute.jarvenpaa.fi'],
    });
  expect(created.status).toBe(201);
  for (const city of ['test.fi', 'jarvenpaa.fi']) {
    await createService(t.db.pool, { code: '101', jurisdictionId: city });
    keys[city] = (await insertApplication(t.db.pool, city, null, city)).key;
  }
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function submit(city: string, email: string, locale = 'fi'): Promise<string> {
  const response = await t.api.post('/open311/v2/requests.json').type('form').send({
    api_key: keys[city],
    service_code: '101',
    address_string: 'Kauppakaari 11',
    description: 'Penkki on rikki torilla.',
    email,
    locale,
  });
  expect(response.status).toBe(200);
  return response.body[0].service_request_id as string;
}

const sender = (address: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(address) ? address[0] : address)?.value[0];

async function deliver(): Promise<void> {
  const worker = startMailWorker(
    { pool: t.db.pool, config: workerConfig, logger: pino({ level: 'silent' }), transport: createTransport(smtp.url) },
    false,
  );
  await worker.runOnce();
  await worker.stop();
}

async function receivedBy(recipient: string) {
  const mails = smtp.received.filter((mail) => mail.to.includes(recipient));
  return Promise.all(
    mails.map(async (mail) => {
      const parsed = await simpleParser(mail.raw);
      return { envelope: mail.from, from: sender(parsed.from), subject: mail.subject, text: mail.text };
    }),
  );
}

describe('the mail sender per city', () => {
  it('when both cities acknowledge a request, then each message comes from its city and is signed with its name', async () => {
    const jp = await submit('jarvenpaa.fi', 'anna@example.fi', 'en');
    const kerava = await submit('test.fi', 'bertil@example.fi');
    const rows = await t.db.pool.query(
      `SELECT r.public_id, o.mail_from FROM outbox o JOIN service_request r ON r.id = o.request_id ORDER BY o.id`,
    );
    expect(rows.rows).toEqual([
      { public_id: jp, mail_from: '"Järvenpään \\"palaute\\"" <palaute@jarvenpaa.fi>' },
      { public_id: kerava, mail_from: null },
    ]);
    await deliver();
    const [anna] = await receivedBy('anna@example.fi');
    expect(anna.envelope).toBe('palaute@jarvenpaa.fi');
    expect(anna.from).toEqual({ name: 'Järvenpään "palaute"', address: 'palaute@jarvenpaa.fi' });
    expect(anna.subject).toContain(jp);
    expect(anna.text).toContain('City of Järvenpää');
    // The tracking link is at Järvenpää's own address, which is this deployment under its host name.
    const link = /https:\/\/palaute\.jarvenpaa\.fi(\/requests\/\S+)/.exec(anna.text)?.[1];
    expect(link).toContain(`/requests/${jp}?tracking_token=`);
    expect((await t.api.get(link ?? '').set('Host', 'palaute.jarvenpaa.fi')).status).toBe(200);
    const [bertil] = await receivedBy('bertil@example.fi');
    expect(bertil.envelope).toBe('palaute@kerava.test');
    expect(bertil.from).toEqual({ name: 'Kerava palaute', address: 'palaute@kerava.test' });
    expect(bertil.text).toContain('Testikaupunki test.fi');
    expect(bertil.text).not.toContain('Järvenpää');
    expect(bertil.text).toContain(`http://palaute.test/requests/${kerava}?tracking_token=`);
  });

  it('when a handler answers or a sign-in link is asked for, then that mail also comes from the request city', async () => {
    const jp = await submit('jarvenpaa.fi', 'cecilia@example.fi');
    const id = (await t.db.pool.query('SELECT id FROM service_request WHERE public_id = $1', [jp])).rows[0].id;
    await withTransaction(t.db.pool, (client) =>
      enqueueRequestMail(client, 'http://palaute.test', id, 'answer', { answer: 'Korjattu.' }),
    );
    const link = await t.api
      .post('/my/sign-in?lang=fi')
      .set('Origin', 'http://palaute.test')
      .type('form')
      .send({ email: 'cecilia@example.fi' });
    expect(link.status).toBeLessThan(400);
    const kinds = await t.db.pool.query(
      `SELECT kind, mail_from FROM outbox WHERE recipient = 'cecilia@example.fi' ORDER BY id`,
    );
    expect(kinds.rows.map((row) => row.kind)).toEqual(['acknowledgement', 'answer', 'sign_in_link']);
    await deliver();
    const mails = await receivedBy('cecilia@example.fi');
    expect(mails).toHaveLength(3);
    for (const mail of mails) {
      expect(mail.from).toEqual({ name: 'Järvenpään "palaute"', address: 'palaute@jarvenpaa.fi' });
    }
  });

  it("when a Järvenpää department's staff are alerted of a new request, then the alert comes from Järvenpää's sender too", async () => {
    const department = await createDepartment(t.db.pool, 'jarvenpaa.fi', 'tekninen', { fi: 'Tekniset palvelut' });
    await t.db.pool.query(`UPDATE department SET alert_email = 'tekninen@jarvenpaa.invalid' WHERE id = $1`, [
      department,
    ]);
    await createService(t.db.pool, { code: '102', jurisdictionId: 'jarvenpaa.fi', departmentId: department });
    const response = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: keys['jarvenpaa.fi'],
      service_code: '102',
      address_string: 'Sibeliuksenkatu 1',
      description: 'Katuvalo ei pala pyörätiellä.',
    });
    expect(response.status).toBe(200);
    await composeAlerts(t.db.pool);
    await deliver();
    const [alert] = await receivedBy('tekninen@jarvenpaa.invalid');
    expect(alert.subject).toContain(response.body[0].service_request_id);
    expect(alert.from).toEqual({ name: 'Järvenpään "palaute"', address: 'palaute@jarvenpaa.fi' });
  });
});
