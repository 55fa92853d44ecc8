import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli as cli } from '../support/cli';
import { createTestContext, type TestContext } from '../support/context';
import { createDepartment, createJurisdiction } from '../support/factories';

/**
 * The cities' command line (docs/admin-api.md, "Cities"): `jurisdictions create|list|update` with
 * the same rules and audit as the admin API, and keys and handlers made for a city with
 * `--jurisdiction` (the only city when there is one). Exit codes: 0 done, 2 bad input, 3 conflict.
 */

let t: TestContext;
let folder: string;
beforeAll(async () => {
  t = await createTestContext();
  await createJurisdiction(t.db.pool, 'test.fi');
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'palaute311-cli-'));
});
afterAll(async () => {
  fs.rmSync(folder, { recursive: true, force: true });
  await t.close();
});

const file = (name: string, content: object): string => {
  const where = path.join(folder, name);
  fs.writeFileSync(where, JSON.stringify(content));
  return where;
};

const cityCount = async () => Number((await t.db.pool.query('SELECT count(*) FROM jurisdiction')).rows[0].count);

describe('npm run cli -- jurisdictions', () => {
  it('when a city is created with every option, then it is printed as JSON, stored, audited with no handler', async () => {
    const boundary = file('jarvenpaa.geojson', {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [25.0, 60.43],
            [25.2, 60.43],
            [25.2, 60.52],
            [25.0, 60.52],
            [25.0, 60.43],
          ],
        ],
      },
    });
    const result = await cli(
      'jurisdictions',
      'create',
      'jarvenpaa.fi',
      '--name-fi',
      'Järvenpää',
      '--name-sv',
      'Träskända',
      '--prefix',
      'JP',
      '--host',
      'palaute.jarvenpaa.fi',
      '--host',
      'JP.palaute.test',
      '--mail-from-name',
      'Järvenpään palaute',
      '--mail-from-address',
      'palaute@jarvenpaa.fi',
      '--base-url',
      'https://palaute.jarvenpaa.fi',
      '--boundary',
      boundary,
      '--default-locale',
      'fi',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const city = JSON.parse(result.stdout);
    expect(city).toMatchObject({
      jurisdiction_id: 'jarvenpaa.fi',
      names: { fi: 'Järvenpää', sv: 'Träskända' },
      request_prefix: 'JP',
      host_names: ['palaute.jarvenpaa.fi', 'jp.palaute.test'],
      mail_from_name: 'Järvenpään palaute',
      mail_from_address: 'palaute@jarvenpaa.fi',
      boundary: { type: 'MultiPolygon' },
      active: true,
    });
    const audit = await t.db.pool.query(
      `SELECT kind, handler_id FROM catalogue_event WHERE jurisdiction_id = 'jarvenpaa.fi' ORDER BY id`,
    );
    expect(audit.rows).toEqual([{ kind: 'jurisdiction_created', handler_id: null }]);
  });

  it('when the cities are listed, then one line each: id, prefix, state, Finnish name, hosts', async () => {
    const result = await cli('jurisdictions', 'list');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      'test.fi\t-\tactive\tTestikaupunki test.fi\t\n' +
        'jarvenpaa.fi\tJP\tactive\tJärvenpää\tpalaute.jarvenpaa.fi,jp.palaute.test\n',
    );
  });

  it('when a city is updated, then the change shows and --inactive, --clear work', async () => {
    const result = await cli(
      'jurisdictions',
      'update',
      'jarvenpaa.fi',
      '--name-en',
      'Jarvenpaa',
      '--inactive',
      '--clear',
      'boundary',
      '--clear',
      'hosts',
    );
    expect(result.status).toBe(0);
    // --name-en changes the English name only.
    expect(JSON.parse(result.stdout).names).toEqual({ fi: 'Järvenpää', sv: 'Träskända', en: 'Jarvenpaa' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      active: false,
      boundary: null,
      host_names: [],
    });
    const back = await cli('jurisdictions', 'update', 'jarvenpaa.fi', '--active', '--host', 'palaute.jarvenpaa.fi');
    expect(back.status).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ active: true, host_names: ['palaute.jarvenpaa.fi'] });
  });

  it.each<[string, string[], number, string]>([
    [
      'no Finnish name',
      ['create', 'tuusula.fi', '--prefix', 'TU', '--name-sv', 'Tusby'],
      2,
      "names must have required property 'fi'",
    ],
    ['a bad id', ['create', 'Tuusula', '--name-fi', 'Tuusula', '--prefix', 'TU'], 2, 'jurisdiction_id'],
    ['a bad prefix', ['create', 'tuusula.fi', '--name-fi', 'Tuusula', '--prefix', 'tu'], 2, 'request_prefix'],
    [
      'a bad sender',
      ['create', 'tuusula.fi', '--name-fi', 'T', '--prefix', 'TU', '--mail-from-address', 'x'],
      2,
      'mail_from_address',
    ],
    ['an unknown option', ['create', 'tuusula.fi', '--name-fi', 'T', '--colour', 'blue'], 2, 'colour'],
    [
      'a missing boundary file',
      ['create', 'tuusula.fi', '--name-fi', 'T', '--boundary', '/nonexistent'],
      2,
      '--boundary',
    ],
    ['no prefix for a second city', ['create', 'tuusula.fi', '--name-fi', 'Tuusula'], 3, 'request_prefix is required'],
    [
      'a host of another city',
      ['create', 'tuusula.fi', '--name-fi', 'T', '--prefix', 'TU', '--host', 'palaute.jarvenpaa.fi'],
      3,
      'already belongs to city jarvenpaa.fi',
    ],
    ['a taken prefix', ['create', 'tuusula.fi', '--name-fi', 'Tuusula', '--prefix', 'JP'], 3, 'jarvenpaa.fi'],
    ['a prefix change', ['update', 'jarvenpaa.fi', '--prefix', 'JA'], 3, 'cannot change'],
    ['an unknown city', ['update', 'nowhere.fi', '--inactive'], 2, 'nowhere.fi'],
  ])('when %s (%j), then exit %i naming it and nothing stored', async (_what, args, code, named) => {
    const before = await cityCount();
    const result = await cli('jurisdictions', ...args);
    expect(result.status).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(await cityCount()).toBe(before);
  });
});

describe('keys and handlers of a city from the command line', () => {
  it('when --jurisdiction is given, then the key and the handler belong to that city', async () => {
    const key = await cli('apps', 'create', 'Järvenpään lomake', '--jurisdiction', 'jarvenpaa.fi');
    expect(key.status).toBe(0);
    const app = await t.db.pool.query(`SELECT jurisdiction_id FROM application WHERE name = 'Järvenpään lomake'`);
    expect(app.rows).toEqual([{ jurisdiction_id: 'jarvenpaa.fi' }]);

    await createDepartment(t.db.pool, 'jarvenpaa.fi', 'TEK', { fi: 'Tekniset palvelut' });
    await createDepartment(t.db.pool, 'test.fi', 'TEK', { fi: 'Kaupunkitekniikka' });
    const handler = await cli(
      'handlers',
      'create',
      '--email',
      'kasittelija@jarvenpaa.test',
      '--role',
      'handler',
      '--department',
      'TEK',
      '--jurisdiction',
      'jarvenpaa.fi',
    );
    expect(handler.status).toBe(0);
    const stored = await t.db.pool.query(
      `SELECT h.jurisdiction_id, d.jurisdiction_id AS department_city
         FROM handler h JOIN handler_department hd ON hd.handler_id = h.id JOIN department d ON d.id = hd.department_id
        WHERE h.email = 'kasittelija@jarvenpaa.test'`,
    );
    expect(stored.rows).toEqual([{ jurisdiction_id: 'jarvenpaa.fi', department_city: 'jarvenpaa.fi' }]);
  });

  it('when several cities exist and none is named, then exit 2 listing them; an admin without one is an instance admin', async () => {
    const key = await cli('apps', 'create', 'Kenen');
    expect(key.status).toBe(2);
    expect(key.stderr).toContain('--jurisdiction ID is needed: the cities are test.fi, jarvenpaa.fi');
    const unknown = await cli('apps', 'create', 'Kenen', '--jurisdiction', 'nowhere.fi');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--jurisdiction: no city nowhere.fi');
    const admin = await cli('handlers', 'create', '--email', 'paakayttaja@palaute.test', '--role', 'admin');
    expect(admin.status).toBe(0);
    const stored = await t.db.pool.query(
      `SELECT jurisdiction_id FROM handler WHERE email = 'paakayttaja@palaute.test'`,
    );
    expect(stored.rows).toEqual([{ jurisdiction_id: null }]);
  });
});
