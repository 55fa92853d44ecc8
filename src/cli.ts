import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { createApplication } from './repositories/application-repository';

const USAGE = 'usage: npm run --silent cli -- apps create NAME';

/** Administrative commands; `apps create NAME` prints only the new API key. */
async function cli(args: string[]): Promise<number> {
  const [resource, action, ...rest] = args;
  const name = rest.join(' ').trim();
  if (resource !== 'apps' || action !== 'create' || name === '') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openDatabase(loadConfig());
  try {
    process.stdout.write(`${await createApplication(db.pool, name)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
