import type { Pool } from 'pg';
import { requestColumns, type PublicRequestRow } from './public-scope';
import { hashSecret } from './secrets';

const OWN = `SELECT ${requestColumns('original')} FROM service_request r
              WHERE r.public_id = $1 AND r.jurisdiction_id = $2 AND r.tracking_token_hash = $3`;

/**
 * The submitter's own view (issue 3, tracking without an account): their request by id and
 * private tracking token, published or not, with their own text, its status and public
 * answers. Never contact details, internal notes or anybody else's request.
 */
export async function findOwnRequest(
  pool: Pool,
  jurisdictionId: string,
  publicId: string,
  token: string,
): Promise<PublicRequestRow | null> {
  const result = await pool.query<PublicRequestRow>(OWN, [publicId, jurisdictionId, hashSecret(token)]);
  return result.rows[0] ?? null;
}
