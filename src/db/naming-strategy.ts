import { DefaultNamingStrategy, type Table } from 'typeorm';

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The names the raw-SQL migrations get from PostgreSQL itself: snake_case columns for
 * camelCase properties, and the server's default constraint names (`<table>_pkey`,
 * `<table>_<columns>_key`, `<table>_<columns>_fkey`). With them the entities describe the
 * migrated schema name for name, and TypeORM's schema diff compares like with like
 * (test/contract/entities-match-migrations.test.ts).
 */
export class PostgresDefaultNamingStrategy extends DefaultNamingStrategy {
  columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName ?? snake([...embeddedPrefixes, propertyName].join('_'));
  }

  joinColumnName(relationName: string, referencedColumnName: string): string {
    return `${snake(relationName)}_${referencedColumnName}`;
  }

  primaryKeyName(table: Table | string): string {
    return `${this.getTableName(table)}_pkey`;
  }

  uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return `${this.getTableName(table)}_${columnNames.join('_')}_key`;
  }

  foreignKeyName(table: Table | string, columnNames: string[]): string {
    return `${this.getTableName(table)}_${columnNames.join('_')}_fkey`;
  }
}
