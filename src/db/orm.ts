import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Repositories take the pg pool (hot reads with hand-tuned SQL) or the client of a
 * withTransaction (src/repositories/transaction.ts). Where an ORM reads better they ask here for
 * the TypeORM EntityManager that runs on that same pool, or inside that same transaction.
 */
const managers = new WeakMap<Pool | PoolClient, EntityManager>();

/** Called once by openDatabase: the pool and the data source share their connections. */
export function registerDataSource(pool: Pool, dataSource: DataSource): void {
  managers.set(pool, dataSource.manager);
}

/** The data source that owns `pool`. */
export function dataSourceOf(pool: Pool): DataSource {
  return entityManager(pool).dataSource;
}

/** Lets `client` stand for the transaction `manager` runs; the returned function ends that. */
export function bindTransaction(client: PoolClient, manager: EntityManager): () => void {
  managers.set(client, manager);
  return () => managers.delete(client);
}

/** The EntityManager for a pool from openDatabase or a client of withTransaction. */
export function entityManager(db: Pool | PoolClient): EntityManager {
  const manager = managers.get(db);
  if (manager === undefined) {
    throw new Error('not a pool from openDatabase nor a client of withTransaction: TypeORM cannot run on it');
  }
  return manager;
}
