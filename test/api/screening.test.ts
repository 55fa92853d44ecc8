import type { TestContext } from '../support/context';
import { createSeededApi } from '../support/seeded-api';
import { postScreened, publishDirectly } from '../support/screened-post';
import { expectValidXmlResponse } from '../support/openapi';

let t: TestContext;
let key: string;
beforeAll(async () => {
  ({ t, key } = await createSeededApi());
});
afterAll(() => t.close());

const post = (fields: Record<string, string>) => postScreened(t, key, fields);
const publish = (id: string) => publishDirectly(t, id);

describe('sensitive-data screening on submission', () => {
  it('when the description holds a personal identity code, then the request is held, the reason recorded and the public text redacted', async () => {
    const { id, row } = await post({ description: 'Asiakasnumeroni on 131052-308T, soittakaa minulle roskista.' });
    expect(row.visibility).toBe('pending');
    expect(row.screening_hits).toEqual([{ field: 'description', kind: 'personal_identity_code' }]);
    expect(row.description_original).toContain('131052-308T');
    expect(row.description_public).toBe('Asiakasnumeroni on [henkilötunnus poistettu], soittakaa minulle roskista.');
    expect((await t.api.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    expect((await t.api.get('/open311/v2/requests.json?search=soittakaa')).body).toEqual([]);
  });

  it('when a handler later publishes it, then the public sees only the redacted text in both formats', async () => {
    const { id } = await post({
      description: 'Maksoin laskun tililtä FI21 1234 5600 0007 85, soita 040 123 4567 tai maija@example.fi.',
      title: 'Lasku 131052-308T',
      locale: 'sv',
    });
    await publish(id);
    const json = await t.api.get(`/open311/v2/requests/${id}.json?extensions=true`);
    expect(json.body[0].description).toBe(
      'Maksoin laskun tililtä [kontonummer borttaget], soita [telefonnummer borttaget] tai [e-postadress borttagen].',
    );
    expect(json.body[0].extended_attributes.title).toBe('Lasku [personbeteckning borttagen]');
    const xml = await t.api.get(`/open311/v2/requests/${id}.xml?extensions=true`);
    expect(expectValidXmlResponse('getRequest', 200, xml.text)).toEqual(json.body);
    for (const secret of ['FI21', '040 123', 'maija@', '131052']) expect(json.text + xml.text).not.toContain(secret);
  });

  it('when ordinary feedback mentions addresses, dates, times, prices and request numbers, then it is published at once unchanged', async () => {
    const description =
      'Kauppakaari 11 B 23, 04200 Kerava: valo rikki 12.5.2026 klo 16.30 alkaen, korjaus maksoi 1 250 €. Viite 2026-000123.';
    const { id, row } = await post({ description });
    expect(row).toMatchObject({ visibility: 'public', screening_hits: [], description_public: description });
    expect((await t.api.get(`/open311/v2/requests/${id}.json`)).body[0].description).toBe(description);
  });

  it('when a pre-moderated service gets clean text, then it still waits for a handler, with no screening reason', async () => {
    const { row } = await post({ service_code: '104', description: 'Penkki on rikki puistossa.' });
    expect(row).toMatchObject({ visibility: 'pending', screening_hits: [] });
  });
});
