import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { daysAgo, plantRequest } from '../support/factories';
import { createHandler } from '../support/admin';

/**
 * Lists past 64 KiB whose text lies beyond Latin-1 leave as exact UTF-8 bytes, in both formats
 * (src/http/byte-body.ts; docs/benchmarks.md, "The 64 KiB cliff").
 */
let t: TestContext;
const ITEMS = 120;
const text = (i: number) => `Katuvalo ${i} – pimeänä jo viikon, “korjatkaa” 🙏 ${'ä€–'.repeat(120)}`;

beforeAll(async () => {
  t = await createTestContext();
  const s = await seedCatalogue(t.db.pool);
  for (let i = 0; i < ITEMS; i += 1) {
    await plantRequest(t.db.pool, {
      serviceId: s.pothole,
      publicId: `2026-${String(i + 1).padStart(6, '0')}`,
      requestedAt: daysAgo(1 + i / 1000),
      lat: 60.403,
      long: 25.105,
      description: text(i),
    });
  }
});

afterAll(() => t.close());

it.each(['json', 'xml'])(
  'when a %s list is larger than 64 KiB, then its length header counts its UTF-8 bytes and every text arrives whole',
  async (format) => {
    const res = await t.api.get(`/open311/v2/requests.${format}?page_size=${ITEMS}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
    );
    const raw = res.text;
    expect(Buffer.byteLength(raw)).toBeGreaterThan(65536);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(raw));
    for (let i = 0; i < ITEMS; i += 1) expect(raw).toContain(text(i));
    if (format === 'json') expect((JSON.parse(raw) as unknown[]).length).toBe(ITEMS);
  },
);

it('when an admin list object is larger than 64 KiB, then it is the same JSON, byte for byte counted', async () => {
  const admin = await createHandler(t.db.pool, 'admin');
  const res = await t.api.get(`/admin/v1/requests?page_size=${ITEMS}`).set(admin.auth).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(Buffer.byteLength(res.text)).toBeGreaterThan(65536);
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  const body = JSON.parse(res.text) as { items: { description: string }[] };
  // The list shows a summary of each text: its start, whole characters, then an ellipsis.
  const numbers = body.items.map((item) => {
    const i = Number(/^Katuvalo (\d+) /.exec(item.description)?.[1]);
    expect(text(i).startsWith(item.description.replace(/…$/, ''))).toBe(true);
    return i;
  });
  expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
});

it('when a JSON object is small, then it is still JSON with its type', async () => {
  const res = await t.api.get('/health');
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.body).toEqual({ status: 'ok' });
});
