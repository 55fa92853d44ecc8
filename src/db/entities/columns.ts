import type { EntitySchemaColumnOptions, EntitySchemaIndexOptions } from 'typeorm';

/** Text per language, as the catalogue stores it (jsonb). */
export type Localized = Partial<Record<'fi' | 'sv' | 'en', string>>;

/** Shorthands for the column shapes every table repeats; the migrations remain the truth. */
export const now = (): string => 'now()';

/** `serial` / `bigserial` primary keys. A bigint comes back from pg as a string. */
export const serialId: EntitySchemaColumnOptions = { type: 'int', primary: true, generated: 'increment' };
export const bigserialId: EntitySchemaColumnOptions = { type: 'bigint', primary: true, generated: 'increment' };

/** `timestamptz NOT NULL DEFAULT now()`. */
export const stampedNow: EntitySchemaColumnOptions = { type: 'timestamptz', default: now };
export const optionalTimestamp: EntitySchemaColumnOptions = { type: 'timestamptz', nullable: true };
export const optionalText: EntitySchemaColumnOptions = { type: 'text', nullable: true };

/** `jsonb NOT NULL DEFAULT '{}'` or `'[]'`. */
export const jsonObject: EntitySchemaColumnOptions = { type: 'jsonb', default: {} };
export const jsonList: EntitySchemaColumnOptions = { type: 'jsonb', default: [] };

/**
 * `CHECK (column IN (...))` written inline in a migration: PostgreSQL names it
 * `<table>_<column>_check`, and TypeORM matches check constraints by name.
 */
export const oneOf = (table: string, column: string, values: readonly string[]) => ({
  name: `${table}_${column}_check`,
  expression: `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`,
});

/**
 * An index whose SQL TypeORM cannot state (GiST or GIN over expressions, DESC keys, INCLUDE,
 * operator classes): declared by name so the schema diff leaves it alone, and so the contract
 * test can still check that entities and migrations name the same indexes. The SQL lives in
 * the migration that creates it.
 */
export const migrationIndex = (name: string, columns: string[] = []): EntitySchemaIndexOptions => ({
  name,
  columns,
  synchronize: false,
});
