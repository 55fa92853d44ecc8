import { PUBLIC_WHERE } from '../../src/repositories/publication-rule';
import { createTestContext, type TestContext } from '../support/context';
import { createJurisdiction, createService, plantRequest } from '../support/factories';
import { PRIVATE_COLUMNS } from './private-names';

/**
 * The views of src/db/migrations/1764300000000-public-views.ts are the privacy gate
 * (docs/privacy-gate.md §5): they expose only the public columns, and only the rows of requests
 * that pass the rule. The column lists are pinned here, so a new column in a view is a decision
 * made in this file and in docs/privacy-gate.md §4, not a side effect.
 */
const VIEW_COLUMNS: Record<string, string[]> = {
  public_request: [
    'id',
    'public_id',
    'jurisdiction_id',
    'service_id',
    'status',
    'detailed_status',
    'status_notes',
    'title',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_at',
    'updated_at',
    'requested',
    'updated',
    'expected',
    'address',
    'address_id',
    'zipcode',
    'geom',
    'lat',
    'long',
    'media_urls',
    'duplicate',
    'parent_id',
    'photo_ids',
    'nickname',
  ],
  public_request_event: [
    'id',
    'request_id',
    'request_public_id',
    'jurisdiction_id',
    'kind',
    'detailed_status',
    'note',
    'created_at',
    'time',
  ],
  public_media: ['public_id', 'request_id', 'position', 'storage_key', 'thumbnail_key'],
};

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});

afterAll(() => t.close());

const ids = async (sql: string): Promise<string[]> =>
  (await t.db.pool.query<{ v: string }>(sql)).rows.map((row) => row.v).sort();

describe('the public views', () => {
  it('when the schema is read, then each view has exactly its public columns and none of the private ones', async () => {
    const result = await t.db.pool.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.views v ON v.table_schema = c.table_schema AND v.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.table_name LIKE 'public\\_%'
        ORDER BY c.table_name, c.ordinal_position`,
    );
    const actual: Record<string, string[]> = {};
    for (const row of result.rows) (actual[row.table_name] ??= []).push(row.column_name);
    const exposed = result.rows.filter((row) => PRIVATE_COLUMNS.includes(row.column_name));
    expect(exposed).toEqual([]);
    expect(actual).toEqual(VIEW_COLUMNS);
  });

  it('when requests fail the rule one way each, then the views hold only the public ones, their public events and published photos', async () => {
    const pool = t.db.pool;
    await createJurisdiction(pool);
    const open = await createService(pool, { code: 'open' });
    const secret = await createService(pool, { code: 'secret', neverPublic: true });
    await plantRequest(pool, { serviceId: open, publicId: 'P-public', email: 'a@example.fi' });
    await plantRequest(pool, { serviceId: open, publicId: 'P-no-consent', consent: false });
    await plantRequest(pool, { serviceId: open, publicId: 'P-pending', visibility: 'pending' });
    await plantRequest(pool, { serviceId: open, publicId: 'P-hidden', visibility: 'hidden' });
    await plantRequest(pool, { serviceId: secret, publicId: 'P-never-public' });
    await plantRequest(pool, { serviceId: open, publicId: 'P-dup-of-public' });
    await plantRequest(pool, { serviceId: open, publicId: 'P-dup-of-hidden' });
    const id = `(SELECT id FROM service_request WHERE public_id = $1)`;
    const link = `UPDATE service_request SET duplicate_of = ${id} WHERE public_id = $2`;
    await pool.query(link, ['P-public', 'P-dup-of-public']);
    await pool.query(link, ['P-hidden', 'P-dup-of-hidden']);
    const event = `INSERT INTO request_event (request_id, kind, public, detailed_status, note, handler_id)
                   VALUES (${id}, $2, $3, $4, $5, NULL)`;
    await pool.query(event, ['P-public', 'note', false, 'RECEIVED', 'internal note']);
    await pool.query(event, ['P-public', 'published', true, null, 'no status']);
    await pool.query(event, ['P-public', 'answered', true, 'IN_PROCESS', 'public answer']);
    await pool.query(event, ['P-hidden', 'answered', true, 'IN_PROCESS', 'answer of a hidden request']);
    const photo = `INSERT INTO media (public_id, request_id, position, published, content_type, bytes, width, height,
                     storage_key, thumbnail_key) VALUES ($2, ${id}, $3, $4, 'image/jpeg', 1, 1, 1, 'k', 't')`;
    await pool.query(photo, ['P-public', 'shown', 1, true]);
    await pool.query(photo, ['P-public', 'withheld', 2, false]);
    await pool.query(photo, ['P-pending', 'of-pending', 1, true]);

    expect(await ids('SELECT public_id AS v FROM public_request')).toEqual([
      'P-dup-of-hidden',
      'P-dup-of-public',
      'P-public',
    ]);
    const parents = await pool.query<{ public_id: string; parent_id: string | null; photo_ids: string[] }>(
      `SELECT public_id, parent_id, photo_ids FROM public_request ORDER BY public_id`,
    );
    expect(parents.rows).toEqual([
      { public_id: 'P-dup-of-hidden', parent_id: null, photo_ids: [] },
      { public_id: 'P-dup-of-public', parent_id: 'P-public', photo_ids: [] },
      { public_id: 'P-public', parent_id: null, photo_ids: ['shown'] },
    ]);
    expect(await ids(`SELECT request_public_id || ' ' || kind AS v FROM public_request_event`)).toEqual([
      'P-dup-of-hidden created',
      'P-dup-of-public created',
      'P-public answered',
      'P-public created',
    ]);
    expect(await ids('SELECT public_id AS v FROM public_media')).toEqual(['shown']);
  });

  it('when the admin side asks whether a request is public, then its rule agrees with the view on every request', async () => {
    const result = await t.db.pool.query<{ public_id: string; rule: boolean; view: boolean }>(
      `SELECT r.public_id, (${PUBLIC_WHERE}) AS rule, EXISTS (SELECT 1 FROM public_request p WHERE p.id = r.id) AS view
         FROM service_request r JOIN service s ON s.id = r.service_id`,
    );
    expect(result.rows.length).toBeGreaterThanOrEqual(7);
    expect(result.rows.filter((row) => row.rule !== row.view)).toEqual([]);
    expect(result.rows.filter((row) => row.rule).length).toBe(3);
  });

  it('when photos are added, published, withheld, moved and deleted, one at a time or many in one statement, then photo_ids follows media', async () => {
    const pool = t.db.pool;
    const open = (await pool.query<{ id: number }>(`SELECT id FROM service WHERE code = 'open'`)).rows[0].id;
    await plantRequest(pool, { serviceId: open, publicId: 'P-photos-a' });
    await plantRequest(pool, { serviceId: open, publicId: 'P-photos-b' });
    const id = `(SELECT id FROM service_request WHERE public_id = $1)`;
    const photos = `INSERT INTO media (public_id, request_id, position, published, content_type, bytes, width, height,
                      storage_key, thumbnail_key)
                    SELECT p.public_id, ${id}, p.position, p.published, 'image/jpeg', 1, 1, 1, 'k', 't'
                      FROM unnest($2::text[], $3::int[], $4::bool[]) AS p(public_id, position, published)`;
    await pool.query(photos, ['P-photos-a', ['a3', 'a1', 'a2'], [3, 1, 2], [true, true, false]]);
    await pool.query(photos, ['P-photos-b', ['b1'], [1], [true]]);
    const shown = async () =>
      Object.fromEntries(
        (
          await pool.query<{ public_id: string; photo_ids: string[] }>(
            `SELECT public_id, photo_ids FROM public_request WHERE public_id LIKE 'P-photos-%'`,
          )
        ).rows.map((row) => [row.public_id, row.photo_ids]),
      );
    expect(await shown()).toEqual({ 'P-photos-a': ['a1', 'a3'], 'P-photos-b': ['b1'] });
    await pool.query(`UPDATE media SET published = true WHERE public_id = 'a2'`);
    await pool.query(`UPDATE media SET published = false WHERE public_id IN ('a1', 'b1')`);
    expect(await shown()).toEqual({ 'P-photos-a': ['a2', 'a3'], 'P-photos-b': [] });
    await pool.query(`UPDATE media SET position = 10 - position WHERE public_id IN ('a2', 'a3')`);
    expect(await shown()).toEqual({ 'P-photos-a': ['a3', 'a2'], 'P-photos-b': [] });
    await pool.query(`DELETE FROM media WHERE public_id IN ('a3', 'b1')`);
    expect(await shown()).toEqual({ 'P-photos-a': ['a2'], 'P-photos-b': [] });
    // Every request, whatever wrote its photos: the array is what media holds.
    const differ = await pool.query(
      `SELECT r.public_id FROM service_request r
        WHERE r.published_photo_ids IS DISTINCT FROM
              ARRAY(SELECT m.public_id FROM media m WHERE m.request_id = r.id AND m.published ORDER BY m.position)`,
    );
    expect(differ.rows).toEqual([]);
  });
});
