import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back
 * when it throws, so an admin write and its audit event land together or not at all.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
