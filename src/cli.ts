import { parseArgs } from 'node:util';
import type { Pool, PoolClient } from 'pg';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { ApiError } from './domain/errors';
import { checkOriginPatterns } from './domain/origins';
import { ROLES, type Role } from './domain/principal';
import { insertApplication } from './repositories/application-repository';
import { recordAccountEvent } from './repositories/admin/account-events';
import { insertHandler, insertHandlerToken } from './repositories/handler-repository';
import { departmentsByCode, handlerEmailExists, lockHandlerByEmail } from './repositories/handler-lookup';
import { findCity, listCities, onlyCity } from './repositories/jurisdiction-repository';
import { withTransaction } from './repositories/transaction';
import { JURISDICTION_USAGE, jurisdictionsCreate, jurisdictionsList, jurisdictionsUpdate } from './cli-jurisdictions';
import { UsageError } from './cli-usage-error';
import { RETENTION_USAGE, retentionRun } from './cli-retention';

const USAGE = `usage:
  npm run --silent cli -- apps create NAME [--origin ORIGIN]... [--jurisdiction ID]   (a browser key: ORIGIN such as https://www.kerava.fi or http://localhost:*)
  npm run --silent cli -- handlers create --email EMAIL --role admin|handler|viewer [--name NAME] [--department CODE]... [--jurisdiction ID]
  npm run --silent cli -- handlers token --email EMAIL
${JURISDICTION_USAGE}
${RETENTION_USAGE}`;

type Command = (pool: Pool, args: string[]) => Promise<string>;

/**
 * A client application and its API key; with `--origin` a browser key (docs/api.md, "Browser
 * keys"), every origin checked before anything is written. Audited like the admin API's.
 */
const appsCreate: Command = async (pool, args) => {
  const { values, positionals } = parseArgs({
    args,
    options: { origin: { type: 'string', multiple: true }, jurisdiction: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const name = positionals.join(' ').trim();
  if (name === '') throw new UsageError('apps create needs a NAME');
  let origins: string[] | null = null;
  if (values.origin !== undefined) {
    const { patterns, problems } = checkOriginPatterns(values.origin);
    if (problems.length > 0) throw new UsageError(problems.map((problem) => `--origin: ${problem}`).join('\n'));
    origins = patterns;
  }
  const city = await cityOf(pool, values.jurisdiction, true);
  return withTransaction(pool, async (client) => {
    const created = await insertApplication(client, name, origins, city);
    const data = { name, allowed_origins: origins, jurisdiction_id: city };
    await recordAccountEvent(client, { handlerId: null, kind: 'client_created', applicationId: created.id, data });
    return created.key;
  });
};

function handlerOptions(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string', multiple: true },
      jurisdiction: { type: 'string' },
    },
    strict: true,
  });
  if (values.email === undefined || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
    throw new UsageError('--email EMAIL is required');
  }
  return values;
}

const handlersCreate: Command = async (pool, args) => {
  const values = handlerOptions(args);
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const codes = values.department ?? [];
  // An admin without --jurisdiction is an instance admin; handlers and viewers belong to a city.
  const city =
    role === 'admin' && values.jurisdiction === undefined ? null : await cityOf(pool, values.jurisdiction, false);
  return withTransaction(pool, async (client) => {
    const found = (await departmentsByCode(client, codes)).filter(
      (row) => city === null || row.jurisdiction_id === city,
    );
    const missing = codes.filter((code) => !found.some((row) => row.code === code));
    if (missing.length > 0) throw new UsageError(`unknown department code(s): ${missing.join(', ')}`);
    if (await handlerEmailExists(client, values.email))
      throw new UsageError(`a handler with e-mail ${values.email} exists: use "handlers token"`);
    const departmentIds = found.map((row) => row.id);
    const email = values.email as string;
    const id = await insertHandler(client, {
      email,
      name: values.name ?? '',
      role,
      departmentIds,
      jurisdictionId: city,
    });
    const data = { email, name: values.name ?? '', role, department_ids: departmentIds, jurisdiction_id: city };
    await recordAccountEvent(client, { handlerId: null, kind: 'handler_created', targetHandlerId: id, data });
    return issueCliToken(client, id);
  });
};

/** The command line acts for nobody: its audit entries have no handler (handler_id null). */
async function issueCliToken(client: PoolClient, handlerId: number): Promise<string> {
  const issued = await insertHandlerToken(client, handlerId, 'cli');
  await recordAccountEvent(client, {
    handlerId: null,
    kind: 'token_issued',
    targetHandlerId: handlerId,
    credentialId: issued.id,
    data: { label: 'cli' },
  });
  return issued.token;
}

const handlersToken: Command = async (pool, args) => {
  const values = handlerOptions(args);
  return withTransaction(pool, async (client) => {
    const handler = await lockHandlerByEmail(client, values.email);
    if (handler === null) throw new UsageError(`no handler with e-mail ${values.email}`);
    if (!handler.active) throw new UsageError(`${values.email} is deactivated: an admin must reactivate them first`);
    return issueCliToken(client, handler.id);
  });
};

/**
 * The city a key or handler belongs to: the one named (it must exist), else the only city there
 * is. With several cities the command must name one; with none, a key may belong to no city.
 */
async function cityOf(pool: Pool, named: string | undefined, noneIsFine: boolean): Promise<string | null> {
  if (named !== undefined) {
    if ((await findCity(pool, named)) === null) throw new UsageError(`--jurisdiction: no city ${named}`);
    return named;
  }
  const only = await onlyCity(pool);
  if (only !== null) return only;
  const all = (await listCities(pool)).map((city) => city.jurisdiction_id);
  if (all.length === 0) {
    if (noneIsFine) return null;
    throw new UsageError('there is no city yet: create one with "jurisdictions create"');
  }
  throw new UsageError(`--jurisdiction ID is needed: the cities are ${all.join(', ')}`);
}

const COMMANDS: Record<string, Command> = {
  'apps create': appsCreate,
  'handlers create': handlersCreate,
  'handlers token': handlersToken,
  'jurisdictions create': jurisdictionsCreate,
  'jurisdictions list': jurisdictionsList,
  'jurisdictions update': jurisdictionsUpdate,
  'retention run': retentionRun,
};

/** A refusal of the shared rules (as the admin API would answer it): 2 for bad input, 3 for a conflict. */
function refusal(error: ApiError): number {
  process.stderr.write(`${error.errors.map((e) => e.description).join('\n')}\n`);
  return error.status === 409 ? 3 : 2;
}

/**
 * Administrative commands; the ones that create a key or handler print only the new secret (API
 * key or handler token), the cities' commands the city as JSON (list: one line per city).
 */
async function cli(args: string[]): Promise<number> {
  const [resource, action, ...rest] = args;
  const command = COMMANDS[`${resource} ${action}`];
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openDatabase(loadConfig());
  try {
    process.stdout.write(`${await command(db.pool, rest)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ApiError) return refusal(error);
    if (!(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw error;
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
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
