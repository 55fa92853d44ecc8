import type { TestContext } from './context';

/** The stored columns that screening decides: visibility, the hits, and both versions of each text. */
export type ScreenedRow = {
  visibility: string;
  screening_hits: unknown;
  title_original: string | null;
  title_public: string | null;
  description_original: string | null;
  description_public: string | null;
};

/** POSTs through the public API (service 102 publishes at once unless screening holds it). */
export async function postScreened(t: TestContext, key: string, fields: Record<string, string>) {
  const response = await t.api
    .post('/open311/v2/requests.json')
    .type('form')
    .send({ api_key: key, service_code: '102', lat: '60.404', long: '25.104', ...fields });
  expect(response.status).toBe(200);
  const id = response.body[0].service_request_id as string;
  const row = (
    await t.db.pool.query<ScreenedRow>(
      `SELECT visibility, screening_hits, title_original, title_public, description_original, description_public
       FROM service_request WHERE public_id = $1`,
      [id],
    )
  ).rows[0];
  return { id, row };
}

/** What a handler's publish does to visibility; the texts are left as screening made them. */
export const publishDirectly = (t: TestContext, id: string) =>
  t.db.pool.query(`UPDATE service_request SET visibility = 'public' WHERE public_id = $1`, [id]);
