import type { Pool, PoolClient } from 'pg';

/** The statement ran out of its time budget (PostgreSQL `query_canceled`, SQLSTATE 57014). */
export class StatementTimeoutError extends Error {}

const QUERY_CANCELED = '57014';

/**
 * Runs `work` in a read-only transaction that starts with `settings` (`SET LOCAL …`, written
 * by our code, never from input): the settings end with the transaction, so the pooled
 * connection goes back as it came.
 */
export async function withLocalSettings<T>(
  pool: Pool,
  settings: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN READ ONLY; ${settings}`);
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

/**
 * Runs `work` in a read-only transaction whose statements PostgreSQL itself stops after
 * `timeoutMs` (`SET LOCAL statement_timeout`), so an expensive public read frees its pool
 * connection and the server's CPU instead of holding both; the setting ends with the transaction.
 */
export async function withStatementTimeout<T>(
  pool: Pool,
  timeoutMs: number,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  // timeoutMs is a validated whole number from the configuration; SET takes no parameters.
  return withLocalSettings(pool, `SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`, work).catch(
    (error: unknown) => {
      if ((error as { code?: unknown }).code === QUERY_CANCELED) {
        throw new StatementTimeoutError(`statement cancelled after ${timeoutMs} ms`);
      }
      throw error;
    },
  );
}
