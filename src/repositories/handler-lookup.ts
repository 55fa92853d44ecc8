import type { PoolClient } from 'pg';

/** The departments with these codes, with their city (unknown codes are simply missing from the answer). */
export async function departmentsByCode(
  client: PoolClient,
  codes: string[],
): Promise<{ id: number; code: string; jurisdiction_id: string }[]> {
  const found = await client.query<{ id: number; code: string; jurisdiction_id: string }>(
    'SELECT id, code, jurisdiction_id FROM department WHERE code = ANY($1::text[])',
    [codes],
  );
  return found.rows;
}

/** Whether a handler has this e-mail address, compared case-insensitively. */
export async function handlerEmailExists(client: PoolClient, email: string | undefined): Promise<boolean> {
  const exists = await client.query('SELECT 1 FROM handler WHERE lower(email) = lower($1)', [email]);
  return Boolean(exists.rowCount);
}

/** The handler with this e-mail address, its row held until the transaction ends. */
export async function lockHandlerByEmail(
  client: PoolClient,
  email: string | undefined,
): Promise<{ id: number; active: boolean } | null> {
  const found = await client.query<{ id: number; active: boolean }>(
    'SELECT id, active FROM handler WHERE lower(email) = lower($1) FOR NO KEY UPDATE',
    [email],
  );
  return found.rows[0] ?? null;
}
