import { Client } from 'pg';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue, type TestCatalogue } from '../support/catalogue';
import { plantRequest } from '../support/factories';
import { expectValidResponse, expectValidXmlResponse } from '../support/openapi';

let t: TestContext;
let c: TestCatalogue;

/** The resident's point; every planted request is measured from here. */
const P = { lat: 60.4, long: 25.1 };
const SEEDED = 400;
const TARGET_TEXT = 'Kävelytien reunassa on syvä kuoppa, johon pyörä osuu helposti. Kuoppa on Asemantien kulmassa.';
const FAR_TEXT = 'Uimarannan pukukopin ovi on irronnut saranoistaan ja lojuu hiekalla.';

/** A point `metres` from P in the direction `angle` (radians). */
function offset(metres: number, angle: number): { lat: number; long: number } {
  const perDegreeLat = 111320;
  const perDegreeLong = perDegreeLat * Math.cos((P.lat * Math.PI) / 180);
  return {
    lat: P.lat + (metres * Math.cos(angle)) / perDegreeLat,
    long: P.long + (metres * Math.sin(angle)) / perDegreeLong,
  };
}

/**
 * 400 open public requests about street lights: 60 within 100 m of P, the rest 200–370 m away.
 * Between them, 150 m away, the pothole the resident is about to report again; 1 500 m away,
 * a request whose text is exactly FAR_TEXT.
 */
async function plantNeighbourhood(): Promise<void> {
  await t.db.pool.query(
    `INSERT INTO service_request (public_id, jurisdiction_id, service_id, status, visibility, publication_consent,
        description_original, description_public, requested_at, geom)
     SELECT 'S-' || g, 'test.fi', $1, 'open', 'public', true, d.text, d.text, now() - g * interval '1 minute',
            ST_SetSRID(ST_MakePoint($3 + m * sin(g * 2.4) / (111320 * cos(radians($2))), $2 + m * cos(g * 2.4) / 111320), 4326)
       FROM generate_series(1, $4::int) g,
            LATERAL (SELECT CASE WHEN g <= 60 THEN 10 + g * 1.5 ELSE 200 + (g - 60) * 0.5 END AS m) distance,
            LATERAL (SELECT 'Katuvalo numero ' || g || ' on ollut pimeänä jo useamman illan, korjatkaa se pian.' AS text) d`,
    [c.pothole, P.lat, P.long, SEEDED],
  );
  await plantRequest(t.db.pool, {
    serviceId: c.pothole,
    publicId: 'TARGET',
    description: TARGET_TEXT,
    ...offset(150, 1),
  });
  await plantRequest(t.db.pool, { serviceId: c.pothole, publicId: 'FAR', description: FAR_TEXT, ...offset(1500, 2) });
}

beforeAll(async () => {
  t = await createTestContext({ SIMILAR_TIMEOUT_MS: '300' });
  c = await seedCatalogue(t.db.pool);
  await plantNeighbourhood();
});
afterAll(() => t.close());

/** What a resident may paste: the report first, then 5 000 characters of everything else. */
function longDescription(): string {
  let text = `${TARGET_TEXT} Lisäksi:`;
  for (let i = 0; text.length < 5000; i++) text += ` huomio${i * 7919} kohta${i}x`;
  return text.slice(0, 5000);
}

const similar = (format: string, description: string) =>
  t.api.get(
    `/open311/v2/similar.${format}?service_code=101&lat=${P.lat}&long=${P.long}&radius=2000&limit=20&description=${encodeURIComponent(description)}`,
  );

describe('similar: bounded work', () => {
  it('when the description is 5 000 characters at the largest radius and limit, then its opening finds the report (cost is measured by npm run bench, not here)', async () => {
    const long = longDescription();
    const response = await similar('json', long);
    expect(response.status).toBe(200);
    expectValidResponse('getSimilarRequests', 200, 'json', response.body);
    expect(response.body).toHaveLength(20);
    expect(response.body[0]).toMatchObject({ service_request_id: 'TARGET' });
    expect(response.body[0].similarity).toBeGreaterThan(0.3);
  });

  it('when more than 100 open requests lie nearer, then a far one is not ranked even when its text is the same', async () => {
    const response = await similar('json', FAR_TEXT);
    expect(response.status).toBe(200);
    expect(response.body.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain('FAR');
    const alone = await t.api.get(
      `/open311/v2/similar.json?service_code=101&lat=${offset(1500, 2).lat}&long=${offset(1500, 2).long}&description=${encodeURIComponent(FAR_TEXT)}`,
    );
    expect(alone.body[0]).toMatchObject({ service_request_id: 'FAR', similarity: 1 });
  });
});

// PGlite has no timer signals and serves one connection, so neither statement_timeout nor the
// lock that provokes it exist there: this check runs in the PostgreSQL half of the suite.
const onPostgres = process.env.TEST_DATABASE_PGLITE === 'true' ? it.skip : it;

describe('similar: statement timeout', () => {
  onPostgres.each(['json', 'xml'])(
    'when the search cannot finish within SIMILAR_TIMEOUT_MS (.%s), then 503 with Retry-After, not 500',
    async (format) => {
      const locker = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE service_request IN ACCESS EXCLUSIVE MODE');
        const response = await similar(format, 'syvä kuoppa');
        expect(response.status).toBe(503);
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        const errors =
          format === 'json' ? response.body : expectValidXmlResponse('getSimilarRequests', 503, response.text);
        if (format === 'json') expectValidResponse('getSimilarRequests', 503, 'json', response.body);
        expect(errors).toEqual([
          { code: 503, description: expect.stringMatching(/^similar requests could not be searched in time/) },
        ]);
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
    },
  );
});
