import fs from 'node:fs';
import path from 'node:path';
import { REDACTION_LABELS, type ScreeningKind } from '../../src/domain/screening';
import { createApiKey } from '../support/factories';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { expectValidXmlResponse } from '../support/openapi';

type Variant = { variant: string; kind: ScreeningKind; text: string; secret: string };
const { variants } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/screening/unicode-variants.json'), 'utf8'),
) as { variants: Variant[] };

let t: TestContext;
let key: string;
beforeAll(async () => {
  t = await createTestContext();
  await seedCatalogue(t.db.pool);
  key = await createApiKey(t.db.pool);
});
afterAll(() => t.close());

/** POSTs through the public API (service 102 publishes at once unless screening holds it). */
async function post(fields: Record<string, string>) {
  const response = await t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({ api_key: key, service_code: '102', lat: '60.404', long: '25.104', ...fields });
  expect(response.status).toBe(200);
  const id = response.body[0].service_request_id as string;
  const row = (
    await t.db.pool.query(
      `SELECT visibility, screening_hits, title_original, title_public, description_original, description_public
       FROM service_request WHERE public_id = $1`,
      [id],
    )
  ).rows[0];
  return { id, row };
}

/** What a handler's publish does to visibility; the texts are left as screening made them. */
const publish = (id: string) =>
  t.db.pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [id]);

describe('screening of identifiers disguised with Unicode look-alikes', () => {
  it.each(variants.map((v) => [v.variant, v] as const))(
    'when the description holds an identifier written as: %s, then the request is held, the original kept and the public text redacted',
    async (_name, { kind, text, secret }) => {
      const { id, row } = await post({ description: text });
      expect(row.visibility).toBe('pending');
      expect(row.screening_hits).toEqual([{ field: 'description', kind }]);
      expect(row.description_original).toBe(text);
      const redacted = text.replace(secret, REDACTION_LABELS[kind].fi);
      expect(row.description_public).toBe(redacted);
      expect((await t.api.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);

      await publish(id);
      const response = await t.api.get(`/open311/v2/requests/${id}.json`);
      expect(response.status).toBe(200);
      expect(response.body[0].description).toBe(redacted);
    },
  );

  it('when the title and the description both hide identifiers, then both are redacted in JSON and XML', async () => {
    const title = 'Yhteys: teppo\uff20esimerkki.fi';
    const description =
      'Hetu \uff11\uff13\uff11\uff10\uff15\uff12\u2013\uff13\uff10\uff18\uff34, tili FI21\u00a01234\u00a05600\u00a00007\u00a085.';
    const { id, row } = await post({ title, description, locale: 'en' });
    expect(row).toMatchObject({ visibility: 'pending', title_original: title, description_original: description });
    await publish(id);
    const json = await t.api.get(`/open311/v2/requests/${id}.json?extensions=true`);
    expect(json.body[0].extended_attributes.title).toBe('Yhteys: [e-mail address removed]');
    expect(json.body[0].description).toBe('Hetu [personal identity code removed], tili [bank account number removed].');
    const xml = await t.api.get(`/open311/v2/requests/${id}.xml?extensions=true`);
    expect(expectValidXmlResponse('getRequest', 200, xml.text)).toEqual(json.body);
  });
});
