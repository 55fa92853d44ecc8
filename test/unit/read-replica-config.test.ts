import { loadConfig } from '../../src/config';

/** DATABASE_READ_URL and DB_READ_POOL_SIZE (docs/scale-out.md, "Read replicas"). */
describe('read replica configuration', () => {
  const PG = { DATABASE_URL: 'postgres://u@primary/db', WEB_CONCURRENCY: '1' };

  it('when DATABASE_READ_URL is unset, then there is no replica and its pool size follows DB_POOL_SIZE', () => {
    expect(loadConfig(PG)).toMatchObject({ databaseReadUrl: null, dbReadPoolSize: 10 });
    expect(loadConfig({ ...PG, DB_POOL_SIZE: '6' }).dbReadPoolSize).toBe(6);
  });

  it('when set with DATABASE_URL, then public reads get their own pool of DB_READ_POOL_SIZE', () => {
    const config = loadConfig({
      ...PG,
      DATABASE_READ_URL: 'postgresql://u@replica:5433/db/',
      DB_READ_POOL_SIZE: '20',
    });
    expect(config).toMatchObject({ databaseReadUrl: 'postgresql://u@replica:5433/db', dbReadPoolSize: 20 });
  });

  it('when set on the embedded database, then the start stops naming both variables', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://u@replica/db' })).toThrow(
      /DATABASE_READ_URL needs DATABASE_URL: the embedded database has no read replicas/,
    );
  });

  it('when the URL or the pool size is bad, then each is named', () => {
    expect(() => loadConfig({ ...PG, DATABASE_READ_URL: 'mysql://replica/db', DB_READ_POOL_SIZE: '0' })).toThrow(
      /DATABASE_READ_URL must be a postgres: or postgresql: URL[\s\S]*DB_READ_POOL_SIZE must be a whole number from 1 to 200/,
    );
  });

  it('when DATABASE_URL itself is bad, then only DATABASE_URL is named', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', DATABASE_READ_URL: 'postgres://u@replica/db' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL must be a postgres: or postgresql: URL/);
    expect(message).not.toMatch(/needs DATABASE_URL/);
  });
});
