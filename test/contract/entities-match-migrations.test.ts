import { DataSource, EntitySchema, type EntitySchemaColumnOptions, type EntitySchemaOptions } from 'typeorm';
import { entities } from '../../src/db/entities';
import { PostgresDefaultNamingStrategy } from '../../src/db/naming-strategy';
import { createTestContext, type TestContext } from '../support/context';

/**
 * The raw-SQL migrations are the truth; the entities (src/db/entities) must describe the same
 * schema. After migrating, TypeORM's schema builder is asked what it would change to make the
 * database match the entities: nothing. It compares every column's type, nullability, default,
 * uniqueness and primary key, the PostGIS type and SRID, the named unique, check and foreign key
 * constraints (with ON DELETE), and the indexes it can express. Indexes it cannot (GiST, GIN,
 * DESC keys, expressions) are declared by name with `synchronize: false`; a second check makes
 * sure the entities and the database name the same indexes.
 */

type Options = EntitySchemaOptions<Record<string, unknown>>;

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({}, { reset: false });
});

afterAll(() => t.close());

async function schemaDiff(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

/** The schema diff of the migrated database against `list` instead of the app's entities. */
async function diffAgainst(list: EntitySchema[]): Promise<string[]> {
  const options = t.db.dataSource.options;
  if (options.type !== 'postgres') throw new Error('the app runs on PostgreSQL (or PGlite)');
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    poolSize: 1,
    entities: list,
    namingStrategy: new PostgresDefaultNamingStrategy(),
    installExtensions: false,
  });
  await dataSource.initialize();
  try {
    return await schemaDiff(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The app's entities with table `name` described as `change` says. */
function drifted(name: string, change: (options: Options) => Options): EntitySchema[] {
  const found = entities.find((entity) => entity.options.name === name);
  if (found === undefined) throw new Error(`no entity ${name}`);
  const changed = new EntitySchema(change(found.options as Options));
  return entities.map((entity) => (entity === found ? changed : entity));
}

const withColumn = (property: string, column: EntitySchemaColumnOptions | undefined) => (options: Options) => {
  const columns = { ...options.columns, [property]: column };
  if (column === undefined) delete columns[property];
  return { ...options, columns };
};

describe('entities and migrations', () => {
  it('when the migrations have run, then TypeORM would change nothing to match the entities', async () => {
    expect(await schemaDiff(t.db.dataSource)).toEqual([]);
  });

  it('when the migrations have run, then every table has an entity', async () => {
    const result = await t.db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('schema_migration', 'spatial_ref_sys')
        ORDER BY table_name`,
    );
    const tables = t.db.dataSource.entityMetadatas.map((metadata) => metadata.tableName).sort();
    expect(tables).toEqual(result.rows.map((row) => row.table_name));
  });

  it('when the migrations have run, then the entities name every index and no other', async () => {
    const result = await t.db.pool.query<{ name: string }>(
      `SELECT t.relname || '.' || i.relname AS name
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname NOT IN ('schema_migration', 'spatial_ref_sys')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    );
    const declared = t.db.dataSource.entityMetadatas.flatMap((metadata) =>
      metadata.indices.map((index) => `${metadata.tableName}.${index.name}`),
    );
    expect(declared.sort()).toEqual(result.rows.map((row) => row.name).sort());
  });

  // The check itself must be able to fail: each drift of one entity is a non-empty diff naming it.
  it.each<[string, string, (options: Options) => Options, string]>([
    ['a column turns nullable', 'department', withColumn('code', { type: 'text', nullable: true }), '"code"'],
    ['a column changes type', 'service', withColumn('slaDays', { type: 'bigint', default: 5 }), '"sla_days"'],
    ['a default changes', 'service', withColumn('slaDays', { type: 'int', default: 7 }), '"sla_days"'],
    ['a default goes missing', 'handler', withColumn('active', { type: 'boolean' }), '"active"'],
    ['a column goes missing', 'department', withColumn('names', undefined), '"names"'],
    ['a column is added', 'department', withColumn('color', { type: 'text', nullable: true }), '"color"'],
    [
      'the point changes its SRID',
      'service_request',
      withColumn('geom', { type: 'geometry', spatialFeatureType: 'Point', srid: 3067, nullable: true }),
      '"geom"',
    ],
    ['a unique goes missing', 'application', withColumn('keyHash', { type: 'text' }), 'application_key_hash_key'],
    [
      'a check goes missing',
      'service',
      (options) => ({ ...options, checks: options.checks?.filter((check) => check.name !== 'service_type_check') }),
      'service_type_check',
    ],
    [
      'a foreign key loses ON DELETE CASCADE',
      'handler_department',
      withColumn('departmentId', { type: 'int', primary: true, foreignKey: { target: 'department' } }),
      'handler_department_department_id_fkey',
    ],
  ])('when an entity drifts (%s), then the diff names it', async (_what, table, change, named) => {
    const queries = await diffAgainst(drifted(table, change));
    expect(queries.join('\n')).toContain(named);
  });
});
