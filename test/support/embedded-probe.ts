/**
 * Run as its own process (PGlite cannot start inside jest's module sandbox): starts the embedded
 * database on the data folder given as the argument, asks it what test/unit/embedded-database.test.ts
 * checks, prints that as JSON and stops it.
 */
import { Client } from 'pg';
import { startEmbedded } from '../../src/db/embedded';

const QUESTIONS = `
  SELECT (SELECT array_agg(extname::text ORDER BY extname) FROM pg_extension) AS extensions,
         current_setting('shared_buffers') AS shared_buffers,
         postgis_lib_version() AS postgis,
         round(ST_Distance('SRID=4326;POINT(25.1 60.4)'::geography, 'SRID=4326;POINT(25.1 60.41)'::geography))::int AS metres,
         round(ST_X(ST_Transform('SRID=4326;POINT(25.1 60.4)'::geometry, 3067)))::int AS etrs_x`;

async function main(dataDir: string): Promise<void> {
  const db = await startEmbedded(dataDir);
  const client = new Client({ connectionString: db.url });
  try {
    await client.connect();
    const { rows } = await client.query(QUESTIONS);
    process.stdout.write(`${JSON.stringify(rows[0])}\n`);
  } finally {
    await client.end();
    await db.stop();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
