import { Client, Pool, type ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { Config } from '../config';
import { startEmbedded } from './embedded';
import { entities } from './entities';
import { migrations } from './migrations';
import { PostgresDefaultNamingStrategy } from './naming-strategy';
import { registerDataSource } from './orm';

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

/**
 * The pool's clients on PGlite: every connection shares its one backend, so named statements
 * would collide. Each client drops the names itself, whoever checked it out (pool.query, our
 * transactions, TypeORM's query runners).
 */
class UnnamedStatementClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    unnamedQuery(this);
  }
}

/**
 * TypeORM's documented `driver` option takes the pg module and builds its pool with
 * `new driver.Pool(options)`: this one hands it the pool we configured, so TypeORM and the
 * hand-tuned SQL share one pool (one connection on PGlite). TypeORM ends it on destroy().
 */
const sharing = (pool: Pool) => ({
  Pool: class {
    constructor() {
      return pool;
    }
  },
});

/**
 * What the rest of the app gets: TypeORM (migrations, entities, transactions) and the pg pool
 * it runs on, which the hot public reads use directly with hand-tuned SQL.
 *
 * `readPool` is where the public reads go (docs/scale-out.md, "Read replicas"): a pool on
 * DATABASE_READ_URL, else `pool` itself. It has no TypeORM and takes no writes; writes, admin
 * reads and the submitter's own view stay on `pool`, the primary.
 */
export type Database = {
  dataSource: DataSource;
  pool: Pool;
  readPool: Pool;
  embedded: boolean;
  close(): Promise<void>;
};

type DatabaseOptions = Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> &
  Partial<Pick<Config, 'databaseReadUrl' | 'dbReadPoolSize'>> & {
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
  const url = embedded ? embedded.url : (options.databaseUrl as string);
  const onPglite = embedded !== null || options.pglite === true;
  const pool = new Pool({
    connectionString: url,
    // One connection on PGlite: its socket server multiplexes, but one at a time is the safe use.
    max: onPglite ? 1 : options.dbPoolSize,
    ...(onPglite ? { Client: UnnamedStatementClient } : {}),
  });
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    driver: sharing(pool),
    entities,
    namingStrategy: new PostgresDefaultNamingStrategy(),
    // The migrations own the schema, extensions included: TypeORM never changes it by itself.
    synchronize: false,
    installExtensions: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migration',
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    else await pool.end().catch(() => undefined);
    if (embedded) await embedded.stop();
    throw error;
  }
  registerDataSource(pool, dataSource);
  const readPool = openReadPool(options) ?? pool;
  return {
    dataSource,
    pool,
    readPool,
    embedded: embedded !== null,
    async close() {
      if (readPool !== pool) await readPool.end();
      await dataSource.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

/**
 * The replica's pool, or null without DATABASE_READ_URL. It connects on first use, so a replica
 * that is down fails the public reads (and /ready), not the start. A connection the replica drops
 * while idle (a restart) is an 'error' event that would end the process if nobody listened: the
 * pool discards that client and the next read opens a new one.
 */
function openReadPool(options: DatabaseOptions): Pool | null {
  if (!options.databaseReadUrl) return null;
  const readPool = new Pool({
    connectionString: options.databaseReadUrl,
    max: options.dbReadPoolSize ?? options.dbPoolSize,
  });
  readPool.on('error', () => undefined);
  return readPool;
}
