import fs from 'node:fs';
import path from 'node:path';
import { REDACTION_LABELS, type ScreeningKind } from '../../src/domain/screening';
import type { TestContext } from '../support/context';
import { createSeededApi } from '../support/seeded-api';
import { postScreened, publishDirectly } from '../support/screened-post';
import { expectValidXmlResponse } from '../support/openapi';

type Variant = { variant: string; kind: ScreeningKind; text: string; secret: string };
const { variants } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/screening/unicode-variants.json'), 'utf8'),
) as { variants: Variant[] };

let t: TestContext;
let key: string;
beforeAll(async () => {
  ({ t, key } = await createSeededApi());
});
afterAll(() => t.close());

const post = (fields: Record<string, string>) => postScreened(t, key, fields);
const publish = (id: string) => publishDirectly(t, id);

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
