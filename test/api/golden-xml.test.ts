import fs from 'node:fs';
import path from 'node:path';
import { plantRequest } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';

/** Golden files pin the exact XML bytes FixMyStreet-style clients read (docs/open311-dialect.md §4.1). */
const golden = (name: string) => fs.readFileSync(path.join(__dirname, '../golden', name), 'utf8');

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  const s = await seedCatalogue(t.db.pool);
  await plantRequest(t.db.pool, {
    serviceId: s.litter,
    publicId: '2026-000042',
    requestedAt: '2026-11-20T08:15:30Z',
    updatedAt: '2026-11-21T09:00:00Z',
    lat: 60.4041,
    long: 25.1043,
    address: 'Kauppakaari 11 & <torin laita>',
    status: 'closed',
    statusNotes: 'Siivottu.',
    description: 'Roskia "paljon" & lasia',
  });
});
afterAll(() => t.close());

it('when one request is read as XML, then the bytes equal the golden file', async () => {
  const response = await t.api.get('/open311/v2/requests/2026-000042.xml?locale=en');
  expect(response.text).toBe(golden('request.xml').trimEnd());
});

it('when a service definition is read as XML, then the bytes equal the golden file', async () => {
  const response = await t.api.get('/open311/v2/services/101.xml?locale=en');
  expect(response.text).toBe(golden('service-definition.xml').trimEnd());
});

it('when an error is returned as XML, then the bytes equal the golden file', async () => {
  const response = await t.api.get('/open311/v2/requests/nope.xml');
  expect(response.text).toBe(golden('error.xml').trimEnd());
});
