import { ConfigError, loadConfig } from '../../src/config';
import { createTestContext, type TestContext } from '../support/context';
import { createHandler, type TestHandler } from '../support/admin';
import { createDepartment, createJurisdiction } from '../support/factories';
import { startLocalIssuer, type LocalIssuer } from '../support/jwks';
import { expectValidResponse } from '../support/openapi';

/**
 * Handler sign-in with the city's OpenID Connect provider (docs/handler-sign-in.md), against a
 * local issuer serving its JWKS over HTTP: the JWT is verified (401 otherwise), its subject or a
 * trusted e-mail address finds the handler account (403 otherwise), and handler tokens still work.
 */
let t: TestContext;
let issuer: LocalIssuer;
let admin: TestHandler;
let streets: number;

const handlerSignInEnv = (local: LocalIssuer, extra: Record<string, string> = {}): Record<string, string> => ({
  HANDLER_JWT_ISSUER: local.issuer,
  HANDLER_JWT_AUDIENCE: 'palaute311-handlers',
  HANDLER_JWT_JWKS_URL: local.jwksUrl,
  HANDLER_JWT_CLOCK_TOLERANCE_SECONDS: '0',
  HANDLER_JWT_JWKS_COOLDOWN_SECONDS: '0',
  ...extra,
});

const sign = (claims: Record<string, unknown>, options: Parameters<LocalIssuer['sign']>[1] = {}) =>
  issuer.sign({ aud: 'palaute311-handlers', ...claims }, options);
const me = (token: string, context = t) => context.api.get('/admin/v1/me').set('Authorization', `Bearer ${token}`);
const handlerCount = async () => Number((await t.db.pool.query('SELECT count(*) FROM handler')).rows[0].count);

beforeAll(async () => {
  issuer = await startLocalIssuer();
  t = await createTestContext(handlerSignInEnv(issuer));
  await createJurisdiction(t.db.pool, 'test.fi');
  streets = await createDepartment(t.db.pool, 'test.fi', 'streets', { fi: 'Kadut' });
  admin = await createHandler(t.db.pool, 'admin');
});
afterAll(async () => {
  await t.close();
  await issuer.close();
});

describe('handler sign-in with OpenID Connect', () => {
  it('when an admin links a subject, then a valid JWT of that subject signs in with the account role, departments and city', async () => {
    const created = await t.api
      .post('/admin/v1/handlers')
      .set(admin.auth)
      .send({ email: 'katu@city.test', role: 'handler', department_ids: [streets], oidc_subject: 'entra-katu' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ oidc_issuer: issuer.issuer, oidc_subject: 'entra-katu' });
    expectValidResponse('adminCreateHandler', 201, 'json', created.body);

    const response = await me(await sign({ sub: 'entra-katu', email: 'someone.else@city.test' }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: created.body.id,
      email: 'katu@city.test',
      name: '',
      role: 'handler',
      jurisdiction_id: 'test.fi',
      department_ids: [streets],
      alerts_enabled: true,
      language: null,
    });
    expectValidResponse('adminGetMe', 200, 'json', response.body);
    // The same rights as with a token: a handler may not manage accounts.
    const denied = await t.api
      .get('/admin/v1/handlers')
      .set('Authorization', `Bearer ${await sign({ sub: 'entra-katu' })}`);
    expect(denied.status).toBe(403);
    const listed = await t.api.get(`/admin/v1/handlers/${created.body.id}`).set(admin.auth);
    expect(listed.body.last_used_datetime).not.toBeNull();
    expectValidResponse('adminGetHandler', 200, 'json', listed.body);
  });

  it('when the JWT has expired, then 401 naming that, with the admin Bearer challenge', async () => {
    await t.api.patch(`/admin/v1/handlers/${admin.id}`).set(admin.auth).send({ oidc_subject: 'entra-admin' });
    const expired = await sign({ sub: 'entra-admin' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const response = await me(expired);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="palaute311-admin"');
    expect(response.body).toEqual({ errors: [{ code: 401, description: 'the sign-in token has expired' }] });
    expectValidResponse('adminGetMe', 401, 'json', response.body);
    expect((await me(await sign({ sub: 'entra-admin' }))).status).toBe(200);
  });

  it.each([
    ['the wrong audience', { sub: 'entra-admin', aud: 'another-app' }, {}, '"aud" claim'],
    ['the resident audience', { sub: 'entra-admin', aud: 'palaute311' }, {}, '"aud" claim'],
    ['another issuer', { sub: 'entra-admin', iss: 'https://login.example.test/other/v2.0' }, {}, '"iss" claim'],
    ['a forged signature', { sub: 'entra-admin' }, { key: 'rogue' as const }, 'not signed by the configured issuer'],
    ['a non-string subject', { sub: 12345 }, {}, '"sub" claim'],
  ])('when the JWT has %s, then 401 and nobody is signed in', async (_what, claims, options, reason) => {
    const response = await me(await sign(claims, options));
    expect(response.status).toBe(401);
    expect(response.body.errors[0].description).toContain(reason);
    expectValidResponse('adminGetMe', 401, 'json', response.body);
  });

  it('when a JWT is mangled or unsigned, then 401 (never taken for a handler token)', async () => {
    const [header, payload] = (await sign({ sub: 'entra-admin' })).split('.');
    for (const token of [`${header}.${payload}.`, 'a.b.c', `${header}.${payload}.AAAA`]) {
      const response = await me(token);
      expect(response.status).toBe(401);
      expectValidResponse('adminGetMe', 401, 'json', response.body);
    }
  });

  it('when the subject is linked to no account, then 403 naming the subject, and no account is created', async () => {
    const before = await handlerCount();
    const response = await me(await sign({ sub: 'stranger-1', email: 'stranger@city.test', email_verified: true }));
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      errors: [
        {
          code: 403,
          description: expect.stringContaining('no handler account is linked to this sign-in (sub "stranger-1")'),
        },
      ],
    });
    expectValidResponse('adminGetMe', 403, 'json', response.body);
    expect(await handlerCount()).toBe(before);
  });

  it('when the linked account is deactivated, then 403; reactivated, the JWT works again', async () => {
    const viewer = await createHandler(t.db.pool, 'viewer', [streets], 'katselija@city.test');
    await t.api.patch(`/admin/v1/handlers/${viewer.id}`).set(admin.auth).send({ oidc_subject: 'entra-viewer' });
    expect((await me(await sign({ sub: 'entra-viewer' }))).status).toBe(200);
    await t.api.patch(`/admin/v1/handlers/${viewer.id}`).set(admin.auth).send({ active: false });
    const response = await me(await sign({ sub: 'entra-viewer' }));
    expect(response.status).toBe(403);
    expect(response.body.errors[0].description).toBe('this handler account is deactivated: ask an admin');
    expectValidResponse('adminGetMe', 403, 'json', response.body);
    await t.api.patch(`/admin/v1/handlers/${viewer.id}`).set(admin.auth).send({ active: true });
    expect((await me(await sign({ sub: 'entra-viewer' }))).status).toBe(200);
  });

  it('when a pre-created account meets its first sign-in with a verified e-mail, then it is linked to that subject and audited', async () => {
    const precreated = await createHandler(t.db.pool, 'handler', [streets], 'Uusi.Kasittelija@city.test');
    const first = await me(await sign({ sub: 'entra-new', email: 'uusi.kasittelija@CITY.test', email_verified: true }));
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(precreated.id);
    // From now on the subject alone signs in, whatever e-mail the token carries.
    expect((await me(await sign({ sub: 'entra-new' }))).body.id).toBe(precreated.id);
    const shown = await t.api.get(`/admin/v1/handlers/${precreated.id}`).set(admin.auth);
    expect(shown.body).toMatchObject({ oidc_issuer: issuer.issuer, oidc_subject: 'entra-new' });
    const audit = await t.db.pool.query(
      `SELECT handler_id, data FROM account_event WHERE target_handler_id = $1 AND kind = 'handler_updated'`,
      [precreated.id],
    );
    expect(audit.rows).toEqual([
      {
        handler_id: precreated.id,
        data: { changes: { oidc_subject: 'entra-new' }, previous: { oidc_subject: null }, linked_by: 'email' },
      },
    ]);
    // Another subject with the same address does not take the linked account over.
    const other = await me(
      await sign({ sub: 'entra-impostor', email: 'uusi.kasittelija@city.test', email_verified: true }),
    );
    expect(other.status).toBe(403);
  });

  it('when the e-mail is not verified, or is verified only as the string "true", then it finds no account', async () => {
    await createHandler(t.db.pool, 'handler', [streets], 'vahvistamaton@city.test');
    for (const claims of [
      { email: 'vahvistamaton@city.test' },
      { email: 'vahvistamaton@city.test', email_verified: false },
      { email: 'vahvistamaton@city.test', email_verified: 'true' },
    ]) {
      expect((await me(await sign({ sub: 'entra-unverified', ...claims }))).status).toBe(403);
    }
    const linked = await t.db.pool.query(`SELECT 1 FROM handler_credential WHERE subject = 'entra-unverified'`);
    expect(linked.rowCount).toBe(0);
  });

  it('when a deactivated pre-created account matches by e-mail, then 403 and it is not linked', async () => {
    const gone = await createHandler(t.db.pool, 'handler', [streets], 'poissa@city.test');
    await t.db.pool.query('UPDATE handler SET active = false WHERE id = $1', [gone.id]);
    const response = await me(await sign({ sub: 'entra-gone', email: 'poissa@city.test', email_verified: true }));
    expect(response.status).toBe(403);
    expect(response.body.errors[0].description).toContain('deactivated');
    expect((await t.db.pool.query(`SELECT 1 FROM handler_credential WHERE subject = 'entra-gone'`)).rowCount).toBe(0);
  });

  it('when handlers sign in with JWTs, then their bearer tokens keep working for scripts', async () => {
    expect((await t.api.get('/admin/v1/me').set(admin.auth)).status).toBe(200);
    expect((await t.api.get('/admin/v1/me').set('Authorization', 'Bearer p311h_unknown')).status).toBe(401);
  });
});

describe('linking accounts', () => {
  it('when a subject is linked to another handler, then 409 and nothing changes', async () => {
    const one = await createHandler(t.db.pool, 'handler', [streets]);
    await t.api.patch(`/admin/v1/handlers/${one.id}`).set(admin.auth).send({ oidc_subject: 'entra-taken' });
    const two = await createHandler(t.db.pool, 'handler', [streets]);
    const response = await t.api
      .patch(`/admin/v1/handlers/${two.id}`)
      .set(admin.auth)
      .send({ name: 'Kaksi', oidc_subject: 'entra-taken' });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].description).toBe(
      'oidc_subject: "entra-taken" is already linked to another handler account',
    );
    expectValidResponse('adminUpdateHandler', 409, 'json', response.body);
    const unchanged = await t.api.get(`/admin/v1/handlers/${two.id}`).set(admin.auth);
    expect(unchanged.body).toMatchObject({ name: expect.not.stringContaining('Kaksi'), oidc_subject: null });
    const created = await t.api
      .post('/admin/v1/handlers')
      .set(admin.auth)
      .send({ email: 'kolmas@city.test', role: 'viewer', department_ids: [streets], oidc_subject: 'entra-taken' });
    expect(created.status).toBe(409);
    expect((await t.db.pool.query(`SELECT 1 FROM handler WHERE email = 'kolmas@city.test'`)).rowCount).toBe(0);
  });

  it('when an admin relinks or unlinks, then only the current subject signs in; the PATCH is audited', async () => {
    const person = await createHandler(t.db.pool, 'handler', [streets]);
    await t.api.patch(`/admin/v1/handlers/${person.id}`).set(admin.auth).send({ oidc_subject: 'entra-old' });
    const relinked = await t.api
      .patch(`/admin/v1/handlers/${person.id}`)
      .set(admin.auth)
      .send({ oidc_subject: 'entra-renamed' });
    expect(relinked.status).toBe(200);
    expectValidResponse('adminUpdateHandler', 200, 'json', relinked.body);
    expect((await me(await sign({ sub: 'entra-old' }))).status).toBe(403);
    expect((await me(await sign({ sub: 'entra-renamed' }))).status).toBe(200);
    const unlinked = await t.api.patch(`/admin/v1/handlers/${person.id}`).set(admin.auth).send({ oidc_subject: null });
    expect(unlinked.body).toMatchObject({ oidc_issuer: null, oidc_subject: null });
    expect((await me(await sign({ sub: 'entra-renamed' }))).status).toBe(403);
    const audit = await t.db.pool.query(
      `SELECT data FROM account_event WHERE target_handler_id = $1 AND kind = 'handler_updated' ORDER BY id`,
      [person.id],
    );
    expect(audit.rows.map((row) => row.data.changes.oidc_subject)).toEqual(['entra-old', 'entra-renamed', null]);
    expect(audit.rows[1].data.previous.oidc_subject).toBe('entra-old');
  });

  it.each([
    ['empty', ''],
    ['with a control character', 'entra\u0007x'],
    ['too long', 'x'.repeat(256)],
    ['a number', 42],
  ])('when oidc_subject is %s, then 400 naming the field', async (_what, subject) => {
    const response = await t.api
      .patch(`/admin/v1/handlers/${admin.id}`)
      .set(admin.auth)
      .send({ oidc_subject: subject });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].description).toContain('oidc_subject');
    expectValidResponse('adminUpdateHandler', 400, 'json', response.body);
  });
});

describe('other configurations', () => {
  it('when the handler sign-in settings are incomplete or wrong, then the start fails naming each variable', () => {
    expect(() =>
      loadConfig({ HANDLER_JWT_ISSUER: 'https://login.example.test/t/v2.0', HANDLER_JWT_AUDIENCE: 'app' }),
    ).toThrow(
      /HANDLER_JWT_ISSUER, HANDLER_JWT_AUDIENCE, HANDLER_JWT_JWKS_URL must be set together \(missing HANDLER_JWT_JWKS_URL\)/,
    );
    expect(() => loadConfig({ ...handlerSignInEnv(issuer), HANDLER_JWT_JWKS_URL: 'ftp://keys.example.test' })).toThrow(
      /HANDLER_JWT_JWKS_URL must be a http: or https: URL/,
    );
    const claims = { ...handlerSignInEnv(issuer), HANDLER_JWT_SUBJECT_CLAIM: 'upn', HANDLER_JWT_TRUST_EMAIL: 'maybe' };
    expect(() => loadConfig(claims)).toThrow(ConfigError);
    expect(() => loadConfig(claims)).toThrow(/HANDLER_JWT_SUBJECT_CLAIM must be one of sub, oid, got "upn"/);
    expect(() => loadConfig(claims)).toThrow(/HANDLER_JWT_TRUST_EMAIL must be true or false, got "maybe"/);
    expect(loadConfig({}).handlerJwt).toBeNull();
    expect(loadConfig(handlerSignInEnv(issuer)).handlerJwt).toMatchObject({ subjectClaim: 'sub', trustEmail: false });
  });

  it('when handler sign-in is not configured, then a JWT is 401 and linking a subject is 400', async () => {
    const plain = await createTestContext({}, { reset: false });
    const response = await me(await sign({ sub: 'entra-admin' }), plain);
    expect(response.status).toBe(401);
    expect(response.body.errors[0].description).toContain('not configured');
    const link = await plain.api.patch(`/admin/v1/handlers/${admin.id}`).set(admin.auth).send({ oidc_subject: 'x-1' });
    expect(link.status).toBe(400);
    expect(link.body.errors[0].description).toContain('HANDLER_JWT_ISSUER');
    await plain.close();
  });

  it('when the subject claim is oid and e-mail is trusted, then oid finds the account and an unverified e-mail links it', async () => {
    const entra = await createTestContext(
      handlerSignInEnv(issuer, { HANDLER_JWT_SUBJECT_CLAIM: 'oid', HANDLER_JWT_TRUST_EMAIL: 'true' }),
      { reset: false },
    );
    const person = await createHandler(t.db.pool, 'handler', [streets], 'luotettu@city.test');
    const oid = '7c1a0f6e-0000-4000-8000-000000000001';
    const first = await me(await sign({ sub: 'pairwise-1', oid, email: 'luotettu@city.test' }), entra);
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(person.id);
    expect((await me(await sign({ sub: 'pairwise-2', oid }), entra)).body.id).toBe(person.id);
    const noOid = await me(await sign({ sub: 'pairwise-3' }), entra);
    expect(noOid.status).toBe(401);
    expect(noOid.body.errors[0].description).toContain('"oid" claim');
    await entra.close();
  });
});
