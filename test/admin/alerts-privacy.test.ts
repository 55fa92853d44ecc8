import { createHandler } from '../support/admin';
import { createTestContext, type TestContext } from '../support/context';
import { createApiKey, createDepartment, createJurisdiction, createService } from '../support/factories';
import { composeAlerts } from './alert-helpers';

/**
 * Alerts add private data (a department's alert address, a handler's alert settings) and send a
 * request's original text and handler-only facts to city staff (docs/alerts.md). Neither reaches
 * any public output (docs/privacy-gate.md), and an alert never carries the resident's contact
 * details nor goes to the resident.
 */

const ALERT_ADDRESS = 'alert-leak-4c1e@secret.invalid';
const HANDLER_ADDRESS = 'handler-leak-9d2b@secret.invalid';
const CONTACT = {
  email: 'resident-leak-77aa@example.invalid',
  phone: '+358409998877',
  first_name: 'Leakfirstname',
  last_name: 'Leaklastname',
};
const SECRETS = [ALERT_ADDRESS, HANDLER_ADDRESS, ...Object.values(CONTACT), '409998877'];

let t: TestContext;
let id = '';

beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  const streets = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Katupalvelut', en: 'Streets' });
  await createService(t.db.pool, { code: '101', departmentId: streets });
  const admin = await createHandler(t.db.pool, 'admin');
  const handler = await createHandler(t.db.pool, 'handler', [streets], HANDLER_ADDRESS);
  await t.api.patch('/admin/v1/me').set(handler.auth).send({ language: 'en' }).expect(200);
  await t.api
    .patch(`/admin/v1/departments/${streets}`)
    .set(admin.auth)
    .send({ alert_email: ALERT_ADDRESS, alert_handlers: true, digest: true })
    .expect(200);
  const key = await createApiKey(t.db.pool);
  const posted = await t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({
      api_key: key,
      service_code: '101',
      address_string: 'Kauppakaari 1',
      description: 'PUBLIC-VISIBLE kuoppa',
      ...CONTACT,
    });
  expect(posted.status).toBe(200);
  id = posted.body[0].service_request_id as string;
  expect(await composeAlerts(t.db.pool)).toMatchObject({ alerts: 1, mails: 2 });
});
afterAll(() => t.close());

describe('alerts and the privacy gate', () => {
  it('when the public endpoints are walked, then no alert address or handler address appears', async () => {
    const paths = [
      '/open311/v2/discovery.json',
      '/open311/v2/discovery.xml',
      '/open311/v2/services.json',
      '/open311/v2/services.xml',
      '/open311/v2/services/101.json',
      '/open311/v2/services/101.xml',
      '/open311/v2/requests.json?extensions=true',
      '/open311/v2/requests.xml?extensions=true',
      `/open311/v2/requests/${id}.json?extensions=true`,
      `/open311/v2/requests/${id}.xml?extensions=true`,
      '/open311/v2/requests.geojson',
      '/open311/v2/servicerequestupdates.json',
      '/open311/v2/servicerequestupdates.xml',
      '/feeds/requests.rss',
      '/feeds/requests.atom',
      `/requests/${id}`,
      `/requests/${id}?lang=en`,
    ];
    let sawPublic = false;
    for (const path of paths) {
      const response = await t.api.get(path);
      expect(response.status).toBeLessThan(500);
      const text = `${JSON.stringify(response.headers)}\n${response.text}`;
      for (const secret of SECRETS) {
        if (text.includes(secret)) throw new Error(`${path} leaked "${secret}"`);
      }
      sawPublic = sawPublic || text.includes('PUBLIC-VISIBLE');
    }
    expect(sawPublic).toBe(true);
  });

  it('when alerts are queued, then they go to staff only and carry no contact detail of the resident', async () => {
    const alerts = await t.db.pool.query(`SELECT recipient, subject, body FROM outbox WHERE kind LIKE 'alert_%'`);
    expect(alerts.rows.map((row) => row.recipient).sort()).toEqual([ALERT_ADDRESS, HANDLER_ADDRESS]);
    for (const row of alerts.rows) {
      expect(row.body).toContain('PUBLIC-VISIBLE kuoppa');
      for (const secret of Object.values(CONTACT)) {
        expect(`${row.subject}\n${row.body}`).not.toContain(secret);
      }
    }
  });
});
