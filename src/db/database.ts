import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import type { Config } from '../config';
import { startEmbedded } from './embedded';
import { migrations } from './migrations';

/**
 * PGlite serves every socket connection from its one backend, so a named prepared statement
 * from a new connection collides with the same name prepared by an earlier one. On the
 * embedded database the statement names are dropped (plain extended-protocol queries).
 */
function unnamedQuery<T extends { query: unknown }>(target: T): void {
  const query = (target.query as (...args: unknown[]) => unknown).bind(target);
  // Every argument after the config passes through: pool.query calls client.query with a callback.
  const unnamed = (config: unknown, ...rest: unknown[]) => {
    if (config !== null && typeof config === 'object' && 'name' in config) {
      const { name: _name, ...unnamedConfig } = config as { name?: string };
      return query(unnamedConfig, ...rest);
    }
    return query(config, ...rest);
  };
  target.query = unnamed as T['query'];
}

/** PGlite shares one backend between connections: named statements would collide, on the pool and on checked-out clients. */
function withoutNamedStatements(pool: Pool): void {
  unnamedQuery(pool);
  // Clients opened before this (migrations) are reused too: patch each client as it is handed out.
  const patched = new WeakSet<object>();
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<PoolClient> | undefined;
  const patch = (client: PoolClient): PoolClient => {
    if (!patched.has(client)) {
      unnamedQuery(client);
      patched.add(client);
    }
    return client;
  };
  pool.connect = ((callback?: (error: Error | undefined, client: PoolClient, done: unknown) => void) => {
    // pool.query uses the callback form internally; the client it gets is never handed out.
    if (callback) return connect(callback);
    return (connect() as Promise<PoolClient>).then(patch);
  }) as Pool['connect'];
}

/** What the rest of the app gets: TypeORM for migrations and transactions, the pg pool for hot reads. */
export type Database = {
  dataSource: DataSource;
  pool: Pool;
  embedded: boolean;
  close(): Promise<void>;
};

type DatabaseOptions = Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & {
  /** In-memory PGlite (tests). */
  ephemeral?: boolean;
  /** The URL is a PGlite socket started elsewhere (the test run's global setup). */
  pglite?: boolean;
};

/**
 * Opens the configured database (DATABASE_URL, else embedded PGlite in DATA_DIR) and brings
 * its schema up to date with the raw-SQL migrations; `synchronize` stays off.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded =
    options.databaseUrl === null ? await startEmbedded(options.ephemeral ? null : options.dataDir) : null;
  const dataSource = new DataSource({
    type: 'postgres',
    url: embedded ? embedded.url : (options.databaseUrl as string),
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migration',
    // One connection on PGlite: its socket server multiplexes, but one at a time is the safe use.
    extra: { max: embedded || options.pglite ? 1 : options.dbPoolSize },
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (embedded) await embedded.stop();
    throw error;
  }
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  if (embedded || options.pglite) withoutNamedStatements(pool);
  return {
    dataSource,
    pool,
    embedded: embedded !== null,
    async close() {
      await dataSource.destroy();
      if (embedded) await embedded.stop();
    },
  };
}
