import type { Pool, PoolClient } from 'pg';
import { bindTransaction, dataSourceOf } from '../db/orm';

/**
 * Runs `work` in one TypeORM transaction on one connection: committed when it returns, rolled
 * back when it throws, so an admin write and its audit event land together or not at all.
 * `work` gets that connection's pg client for hand-written SQL; repositories given the client
 * reach the same transaction through TypeORM (src/db/orm.ts), so both kinds of query commit
 * or roll back together.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return dataSourceOf(pool).transaction(async (manager) => {
    // connect() hands out the pg client of the transaction's query runner (TypeORM's postgres driver).
    const runner = manager.queryRunner;
    if (runner === undefined) throw new Error('a TypeORM transaction without its query runner');
    const client: PoolClient = await runner.connect();
    const unbind = bindTransaction(client, manager);
    try {
      return await work(client);
    } finally {
      unbind();
    }
  });
}
