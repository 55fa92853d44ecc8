import Parser from 'rss-parser';
import type { QueryRunner } from 'typeorm';
import { StripControlCharacters1764200000000 } from '../../src/db/migrations/1764200000000-strip-control-characters';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { plantRequest } from '../support/factories';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

/**
 * Rows stored before the input rule (docs/api.md, "Text that comes in") may hold characters that XML
 * cannot carry. They must break no output, every output must carry the same text, and the
 * migration removes them from the stored text.
 */
let t: TestContext;
const BAD = 'Kuoppa\u0001 torilla\u000B ja\u0007 kello\uFFFE soi.';
const CLEAN = 'Kuoppa torilla ja kello soi.';

beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  const litter = (await t.db.pool.query(`SELECT id FROM service WHERE code = '102'`)).rows[0].id as number;
  await plantRequest(t.db.pool, {
    serviceId: litter,
    publicId: '2026-000001',
    description: BAD,
    title: 'Otsikko\u0001',
    address: 'Kauppakaari\u000B 11',
    statusNotes: 'Vastaus\u0007 tulossa',
    lat: 60.4041,
    long: 25.1043,
  });
  await t.db.pool.query(
    `INSERT INTO request_event (request_id, kind, public, status, detailed_status, note, actor)
     SELECT id, 'answered', true, 'open', 'IN_PROCESS', $1, 'handler' FROM service_request WHERE public_id = '2026-000001'`,
    ['Historia\u001B merkintä'],
  );
});
afterAll(() => t.close());

describe('stored text with control characters', () => {
  it('when the request is read as JSON and XML, then both answer 200 with the same text, without those characters', async () => {
    const json = await t.api.get('/open311/v2/requests/2026-000001.json?extensions=true');
    const xml = await t.api.get('/open311/v2/requests/2026-000001.xml?extensions=true');
    expect([json.status, xml.status]).toEqual([200, 200]);
    expectValidResponse('getRequest', 200, 'json', json.body);
    expect(expectValidXmlResponse('getRequest', 200, xml.text)).toEqual(json.body);
    expect(json.body[0]).toMatchObject({
      description: CLEAN,
      address: 'Kauppakaari 11',
      status_notes: 'Vastaus tulossa',
    });
    expect(json.body[0].extended_attributes.title).toBe('Otsikko');
  });

  it('when the updates feed lists the history, then JSON and XML carry the same note', async () => {
    const json = await t.api.get('/open311/v2/servicerequestupdates.json?service_request_id=2026-000001');
    const xml = await t.api.get('/open311/v2/servicerequestupdates.xml?service_request_id=2026-000001');
    expect([json.status, xml.status]).toEqual([200, 200]);
    expect(expectValidXmlResponse('getServiceRequestUpdates', 200, xml.text)).toEqual(json.body);
    expect(JSON.stringify(json.body)).not.toMatch(/\\u00[01]/);
  });

  it.each([
    '/feeds/requests.rss',
    '/feeds/requests.atom',
    '/feeds/requests.rss?service_code=102',
    '/feeds/requests.atom?service_code=102',
  ])('when %s is read, then 200 and a feed parser reads the text without those characters', async (url) => {
    const response = await t.api.get(url);
    expect(response.status).toBe(200);
    const feed = await new Parser().parseString(response.text);
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0];
    expect(item.title).toBe('Otsikko');
    expect(item.content ?? item.contentSnippet).toContain(CLEAN);
    expect(response.text).toContain('Historia merkintä');
  });
});

describe('the migration that strips stored control characters', () => {
  /** The migration runs against the test database through a query runner over the same pool. */
  const runner = {
    query: async (sql: string, parameters?: unknown[]) => (await t.db.pool.query(sql, parameters)).rows,
  } as unknown as QueryRunner;

  it('when it runs, then texts, contact details, notes and attribute answers lose exactly those characters', async () => {
    const pool = t.db.pool;
    await pool.query(
      `UPDATE service_request SET attributes = $1::jsonb, media_urls = $2 WHERE public_id = '2026-000001'`,
      [
        JSON.stringify({ LANDMARK: 'Patsas\u0001', HAZARDS: ['cars\u000B'], NOTE: 'tab\tand \\u0001 typed' }),
        ['http://x.test/a\u0007.jpg'],
      ],
    );
    await pool.query(
      `UPDATE request_contact SET first_name = 'Matti\u0002', phone = '040\u001F123'
        WHERE request_id = (SELECT id FROM service_request WHERE public_id = '2026-000001')`,
    );
    await pool.query(`UPDATE service SET names = $1::jsonb WHERE code = '102'`, [
      JSON.stringify({ fi: 'Roskaaminen\u0008', sv: 'Nedskräpning\f', en: 'Litter\uFFFF' }),
    ]);
    await new StripControlCharacters1764200000000().up(runner);

    const request = (
      await pool.query(
        `SELECT r.description_original, r.description_public, r.title_public, r.address, r.status_notes, r.attributes,
                r.media_urls, c.first_name, c.phone
           FROM service_request r JOIN request_contact c ON c.request_id = r.id WHERE r.public_id = '2026-000001'`,
      )
    ).rows[0];
    expect(request).toEqual({
      description_original: CLEAN,
      description_public: CLEAN,
      title_public: 'Otsikko',
      address: 'Kauppakaari 11',
      status_notes: 'Vastaus tulossa',
      attributes: { LANDMARK: 'Patsas', HAZARDS: ['cars'], NOTE: 'tab\tand \\u0001 typed' },
      media_urls: ['http://x.test/a.jpg'],
      first_name: 'Matti',
      phone: '040123',
    });
    const notes = (await pool.query(`SELECT note FROM request_event WHERE note IS NOT NULL`)).rows;
    expect(notes).toEqual([{ note: 'Historia merkintä' }]);
    const names = (await pool.query(`SELECT names FROM service WHERE code = '102'`)).rows[0].names;
    expect(names).toEqual({ fi: 'Roskaaminen', sv: 'Nedskräpning', en: 'Litter' });
  });
});
