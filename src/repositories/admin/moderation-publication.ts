import type { PoolClient } from 'pg';

export type Visibility = 'pending' | 'public' | 'hidden';

/** What publication decisions need to know, read under the caller's row lock. */
export type PublicationState = {
  visibility: Visibility;
  consent: boolean;
  neverPublic: boolean;
  titlePublic: string | null;
  descriptionPublic: string | null;
};

/** The parts of the public text and visibility a handler may set; absent means unchanged. */
export type PublicationChange = {
  visibility?: Visibility;
  titlePublic?: string | null;
  descriptionPublic?: string;
};

const COLUMNS = {
  visibility: 'visibility',
  titlePublic: 'title_public',
  descriptionPublic: 'description_public',
} as const satisfies Record<keyof PublicationChange, string>;

export async function loadPublicationState(client: PoolClient, requestId: string): Promise<PublicationState> {
  const result = await client.query<PublicationState>(
    `SELECT r.visibility, r.publication_consent AS consent, s.never_public AS "neverPublic",
            r.title_public AS "titlePublic", r.description_public AS "descriptionPublic"
       FROM service_request r JOIN service s ON s.id = r.service_id
      WHERE r.id = $1`,
    [requestId],
  );
  return result.rows[0];
}

/**
 * Writes the changed publication columns and moves `updated_at` (Open311 `updated_datetime`), so
 * mirrors polling with `updated_after` see a request appear, disappear or change its text.
 */
export async function updatePublication(
  client: PoolClient,
  requestId: string,
  change: PublicationChange,
): Promise<void> {
  const keys = (Object.keys(COLUMNS) as (keyof PublicationChange)[]).filter((key) => change[key] !== undefined);
  if (keys.length === 0) return;
  const sets = keys.map((key, index) => `${COLUMNS[key]} = $${index + 2}`);
  await client.query(`UPDATE service_request SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
    requestId,
    ...keys.map((key) => change[key]),
  ]);
}
