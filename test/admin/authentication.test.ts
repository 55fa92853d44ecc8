import { createTestContext, type TestContext } from '../support/context';
import { createHandler } from '../support/admin';
import { createDepartment, createJurisdiction } from '../support/factories';
import { expectValidResponse } from '../support/openapi';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
});
afterAll(() => t.close());

describe('handler authentication', () => {
  it('when no Authorization header is sent, then 401 with a JSON error and a Bearer challenge', async () => {
    const response = await t.api.get('/admin/v1/me');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="palaute311-admin"');
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.body).toEqual({ errors: [{ code: 401, description: expect.stringContaining('Bearer') }] });
    expectValidResponse('adminGetMe', 401, 'json', response.body);
  });

  it.each([
    ['a wrong token', 'Bearer p311h_not-a-real-token'],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('when %s is sent, then 401', async (_what, header) => {
    const response = await t.api.get('/admin/v1/me').set('Authorization', header);
    expect(response.status).toBe(401);
    expectValidResponse('adminGetMe', 401, 'json', response.body);
  });

  it('when a valid token is sent, then /me names the handler, role and departments; the token is stored hashed', async () => {
    const departmentId = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Kadut' });
    const handler = await createHandler(t.db.pool, 'handler', [departmentId], 'Katu.Kasittelija@city.test');
    const response = await t.api.get('/admin/v1/me').set(handler.auth);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: handler.id,
      email: 'Katu.Kasittelija@city.test',
      name: expect.any(String),
      role: 'handler',
      jurisdiction_id: 'test.fi',
      department_ids: [departmentId],
      alerts_enabled: true,
      language: null,
    });
    expectValidResponse('adminGetMe', 200, 'json', response.body);
    const stored = await t.db.pool.query(
      'SELECT secret_hash, last_used_at FROM handler_credential WHERE handler_id = $1',
      [handler.id],
    );
    expect(stored.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0].secret_hash).not.toContain(handler.token);
    expect(stored.rows[0].last_used_at).not.toBeNull();
  });

  it('when the token is revoked or the handler deactivated, then 401', async () => {
    const revoked = await createHandler(t.db.pool, 'admin');
    await t.db.pool.query('UPDATE handler_credential SET revoked_at = now() WHERE handler_id = $1', [revoked.id]);
    expect((await t.api.get('/admin/v1/me').set(revoked.auth)).status).toBe(401);
    const inactive = await createHandler(t.db.pool, 'admin');
    await t.db.pool.query('UPDATE handler SET active = false WHERE id = $1', [inactive.id]);
    expect((await t.api.get('/admin/v1/me').set(inactive.auth)).status).toBe(401);
    const used = await t.db.pool.query('SELECT last_used_at FROM handler_credential WHERE handler_id = $1', [
      inactive.id,
    ]);
    expect(used.rows).toEqual([{ last_used_at: null }]);
  });

  it('when an unknown admin path is asked, then 404 as a JSON error object, not HTML', async () => {
    const handler = await createHandler(t.db.pool, 'admin');
    const response = await t.api.get('/admin/v1/nothing').set(handler.auth);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      errors: [{ code: 404, description: expect.stringContaining('no such resource') }],
    });
  });
});
