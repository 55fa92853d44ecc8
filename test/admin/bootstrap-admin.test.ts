import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { BOOTSTRAP_ADMIN_EMAIL, bootstrapAdmin } from '../../src/db/bootstrap-admin';
import { createHandler } from '../support/admin';
import { seedCatalogue } from '../support/catalogue';
import { createTestContext, resetDatabase, type TestContext } from '../support/context';

let t: TestContext;
let dir: string;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());
beforeEach(async () => {
  await resetDatabase(t.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-bootstrap-'));
});

const admins = async () =>
  (await t.db.pool.query('SELECT id, email, name, role, active FROM handler WHERE role = $1', ['admin'])).rows;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the bootstrap admin', () => {
  it('when the database has no admin, then one admin and an owner-only token file are created, and its token makes a key that posts', async () => {
    await seedCatalogue(t.db.pool);
    const file = path.join(dir, 'data', 'bootstrap-admin-token');
    const created = await bootstrapAdmin(t.db.pool, file);
    expect(created).toEqual({ handlerId: expect.any(Number), tokenFile: file });
    expect(await admins()).toEqual([
      { id: created?.handlerId, email: BOOTSTRAP_ADMIN_EMAIL, name: 'bootstrap admin', role: 'admin', active: true },
    ]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^p311h_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.pool.query('SELECT secret_hash FROM handler_credential');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    const audit = await t.db.pool.query('SELECT kind, handler_id FROM account_event ORDER BY id');
    expect(audit.rows).toEqual([
      { kind: 'handler_created', handler_id: null },
      { kind: 'token_issued', handler_id: null },
    ]);

    const client = await t.api.post('/admin/v1/clients').set(bearer(token)).send({ name: 'Kerava web form' });
    expect(client.status).toBe(201);
    const posted = await t.api.post('/open311/v2/requests.json').type('form').send({
      api_key: client.body.api_key,
      service_code: '102',
      lat: '60.4041',
      long: '25.1043',
      description: 'Roskia levällään puiston laidalla.',
    });
    expect(posted.status).toBe(200);
    expect(posted.body[0].service_request_id).toEqual(expect.any(String));
  });

  it('when the server starts again, then nothing is created and the token file is left as it is', async () => {
    const file = path.join(dir, 'bootstrap-admin-token');
    await bootstrapAdmin(t.db.pool, file);
    const first = fs.readFileSync(file, 'utf8');
    expect(await bootstrapAdmin(t.db.pool, file)).toBeNull();
    expect(await admins()).toHaveLength(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(first);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM handler_credential')).rows).toEqual([{ n: 1 }]);
  });

  it('when an active admin exists (made with the CLI), then nothing is created and no file is written', async () => {
    const admin = await createHandler(t.db.pool, 'admin');
    const file = path.join(dir, 'bootstrap-admin-token');
    expect(await bootstrapAdmin(t.db.pool, file)).toBeNull();
    expect((await admins()).map((row) => row.id)).toEqual([admin.id]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('when only handlers and viewers exist, then an admin is created', async () => {
    // Handlers and viewers belong to a city (docs/admin-api.md, "Roles").
    await seedCatalogue(t.db.pool);
    await createHandler(t.db.pool, 'handler');
    await createHandler(t.db.pool, 'viewer');
    expect(await bootstrapAdmin(t.db.pool, path.join(dir, 'token'))).not.toBeNull();
    expect(await admins()).toHaveLength(1);
  });

  it('when two processes start at once, then exactly one admin is created', async () => {
    const results = await Promise.all([
      bootstrapAdmin(t.db.pool, path.join(dir, 'a')),
      bootstrapAdmin(t.db.pool, path.join(dir, 'b')),
    ]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    expect(await admins()).toHaveLength(1);
  });

  it('when the token file cannot be written, then the start fails and no admin is left behind', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    await expect(bootstrapAdmin(t.db.pool, path.join(blocker, 'bootstrap-admin-token'))).rejects.toThrow();
    expect(await admins()).toEqual([]);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM account_event')).rows).toEqual([{ n: 0 }]);
  });

  it('when no token file is configured, then nothing is created', async () => {
    expect(await bootstrapAdmin(t.db.pool, null)).toBeNull();
    expect(await admins()).toEqual([]);
  });
});

describe('BOOTSTRAP_ADMIN_TOKEN_FILE', () => {
  it.each([
    ['the embedded database', './data/bootstrap-admin-token', {}],
    ['the embedded database in DATA_DIR', '/srv/p311/bootstrap-admin-token', { DATA_DIR: '/srv/p311' }],
    ['PostgreSQL', null, { DATABASE_URL: 'postgres://db.example/p' }],
    [
      'PostgreSQL with a file',
      '/run/t',
      { DATABASE_URL: 'postgres://db.example/p', BOOTSTRAP_ADMIN_TOKEN_FILE: '/run/t' },
    ],
  ])('when on %s, then the token file is %s', (_case, expected, env: Record<string, string>) => {
    expect(loadConfig(env).bootstrapAdminTokenFile).toBe(expected);
  });
});
