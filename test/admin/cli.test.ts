import { createHash } from 'node:crypto';
import { runCli as cli } from '../support/cli';
import { createTestContext, type TestContext } from '../support/context';
import { createJurisdiction, createService } from '../support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
});
afterAll(() => t.close());

const TOKEN_LINE = /^p311h_[A-Za-z0-9_-]{43}\n$/;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const handlerCount = async () => Number((await t.db.pool.query('SELECT count(*) FROM handler')).rows[0].count);

describe('npm run cli -- handlers', () => {
  let firstToken: string;

  it('when the first admin is created, then only a token is printed, on one line, and it signs in as admin', async () => {
    const result = await cli('handlers', 'create', '--email', 'Ensimmainen.Admin@city.test', '--role', 'admin');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(TOKEN_LINE);
    firstToken = result.stdout.trim();
    const me = await t.api.get('/admin/v1/me').set(bearer(firstToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'Ensimmainen.Admin@city.test', role: 'admin', department_ids: [] });
    const stored = await t.db.pool.query('SELECT secret_hash, label FROM handler_credential WHERE handler_id = $1', [
      me.body.id,
    ]);
    expect(stored.rows).toEqual([{ secret_hash: createHash('sha256').update(firstToken).digest('hex'), label: 'cli' }]);
    const audit = await t.db.pool.query(
      'SELECT kind, handler_id FROM account_event WHERE target_handler_id = $1 ORDER BY id',
      [me.body.id],
    );
    expect(audit.rows).toEqual([
      { kind: 'handler_created', handler_id: null },
      { kind: 'token_issued', handler_id: null },
    ]);
  });

  it.each([
    ['the role is not one of admin, handler, viewer', ['--email', 'x@city.test', '--role', 'superuser'], '--role'],
    ['the e-mail is missing', ['--role', 'admin'], '--email'],
    ['the e-mail is not an address', ['--email', 'nobody', '--role', 'admin'], '--email'],
    ['an option is unknown', ['--email', 'x@city.test', '--role', 'admin', '--password', 'x'], 'password'],
  ])('when %s, then exit 2 with the problem and usage on stderr and nothing created', async (_what, args, named) => {
    const before = await handlerCount();
    const result = await cli('handlers', 'create', ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(result.stderr).toContain('usage:');
    expect(result.stderr).toContain('handlers create --email EMAIL --role admin|handler|viewer');
    expect(await handlerCount()).toBe(before);
  });

  it('when the e-mail is taken in another case, then exit 2 and no second account', async () => {
    const result = await cli('handlers', 'create', '--email', 'ENSIMMAINEN.ADMIN@city.test', '--role', 'viewer');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('handlers token');
    expect(await handlerCount()).toBe(1);
  });

  it('when handlers token is run, then a new working token is printed and the old one keeps working', async () => {
    const result = await cli('handlers', 'token', '--email', 'ensimmainen.admin@CITY.test');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(TOKEN_LINE);
    const second = result.stdout.trim();
    expect(second).not.toBe(firstToken);
    const me = await t.api.get('/admin/v1/me').set(bearer(second));
    expect(me.body.email).toBe('Ensimmainen.Admin@city.test');
    expect((await t.api.get('/admin/v1/me').set(bearer(firstToken))).status).toBe(200);
    const tokens = await t.api.get(`/admin/v1/handlers/${me.body.id}/tokens`).set(bearer(second));
    expect(tokens.body.items).toHaveLength(2);
  });

  it('when handlers token names nobody, or a deactivated handler, then exit 2 and no token', async () => {
    const unknown = await cli('handlers', 'token', '--email', 'ei.ole@city.test');
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('no handler with e-mail ei.ole@city.test');

    await t.db.pool.query(
      `INSERT INTO handler (email, role, active, jurisdiction_id) VALUES ('poissa@city.test', 'handler', false, 'test.fi')`,
    );
    const inactive = await cli('handlers', 'token', '--email', 'poissa@city.test');
    expect(inactive.status).toBe(2);
    expect(inactive.stderr).toContain('deactivated');
    const tokens = await t.db.pool.query(
      `SELECT 1 FROM handler_credential c JOIN handler h ON h.id = c.handler_id WHERE h.email = 'poissa@city.test'`,
    );
    expect(tokens.rowCount).toBe(0);
  });
});

describe('npm run cli -- apps create', () => {
  const KEY_LINE = /^[A-Za-z0-9_-]{43}\n$/;
  const clients = async () =>
    (await t.db.pool.query('SELECT name, allowed_origins FROM application ORDER BY id')).rows as {
      name: string;
      allowed_origins: string[] | null;
    }[];

  it('when --origin is given, then a browser key for those origins is printed and audited', async () => {
    const result = await cli(
      'apps',
      'create',
      'Kerava',
      'web',
      'form',
      '--origin',
      'https://WWW.kerava.fi',
      '--origin',
      'http://localhost:*',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(KEY_LINE);
    expect((await clients()).at(-1)).toEqual({
      name: 'Kerava web form',
      allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'],
    });
    const audit = await t.db.pool.query(`SELECT handler_id, data FROM account_event WHERE kind = 'client_created'`);
    expect(audit.rows.at(-1)).toEqual({
      handler_id: null,
      data: {
        name: 'Kerava web form',
        allowed_origins: ['https://www.kerava.fi', 'http://localhost:*'],
        jurisdiction_id: 'test.fi',
      },
    });
    await createService(t.db.pool, { code: '101' });
    const post = (origin: string) =>
      t.api.post('/open311/v2/requests.json').set('Origin', origin).type('form').send({
        api_key: result.stdout.trim(),
        service_code: '101',
        address_string: 'Kauppakaari 11',
        description: 'Penkki on rikki torilla.',
      });
    expect((await post('http://localhost:4000')).status).toBe(200);
    expect((await post('https://www.jarvenpaa.fi')).status).toBe(403);
  });

  it('when no --origin is given, then a server-side key as before', async () => {
    const result = await cli('apps', 'create', 'Integraatio');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(KEY_LINE);
    expect((await clients()).at(-1)).toEqual({ name: 'Integraatio', allowed_origins: null });
  });

  it.each([
    [
      'has a path',
      ['--origin', 'https://www.kerava.fi/palaute'],
      '--origin: "https://www.kerava.fi/palaute" has a path',
    ],
    ['has another scheme', ['--origin', 'file:///tmp'], '--origin: "file:///tmp": the scheme must be http or https'],
    ['is empty', ['--origin', ''], '--origin: "" is not an origin'],
    ['is missing its value', ['--origin'], 'origin'],
  ])('when an origin %s, then exit 2 naming it, with usage, and nothing created', async (_what, args, named) => {
    const before = await clients();
    const result = await cli('apps', 'create', 'Huono', ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(result.stderr).toContain('apps create NAME [--origin ORIGIN]');
    expect(await clients()).toEqual(before);
  });
});
