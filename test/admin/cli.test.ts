import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createTestContext, type TestContext } from '../support/context';
import { createJurisdiction } from '../support/factories';

const root = path.resolve(__dirname, '../..');

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool);
});
afterAll(() => t.close());

type Outcome = { status: number | null; stdout: string; stderr: string };

/**
 * Runs `npm run --silent cli -- ...args` exactly as the README tells an operator to, against the
 * test database. Never synchronously: the embedded test database is served from this very
 * process, so a blocking spawn would deadlock the child. The child uses a pool of one.
 */
function cli(...args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: process.env.TEST_DATABASE_URL as string,
        DB_POOL_SIZE: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

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

    await t.db.pool.query(`INSERT INTO handler (email, role, active) VALUES ('poissa@city.test', 'handler', false)`);
    const inactive = await cli('handlers', 'token', '--email', 'poissa@city.test');
    expect(inactive.status).toBe(2);
    expect(inactive.stderr).toContain('deactivated');
    const tokens = await t.db.pool.query(
      `SELECT 1 FROM handler_credential c JOIN handler h ON h.id = c.handler_id WHERE h.email = 'poissa@city.test'`,
    );
    expect(tokens.rowCount).toBe(0);
  });
});
