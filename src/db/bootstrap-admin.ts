import fs from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { recordAccountEvent } from '../repositories/admin/account-events';
import { insertHandler, insertHandlerToken } from '../repositories/handler-repository';
import { withTransaction } from '../repositories/transaction';

/** A reserved domain (RFC 2606): the account is recognisable, and no e-mail to it is ever delivered. */
export const BOOTSTRAP_ADMIN_EMAIL = 'bootstrap-admin@palaute311.invalid';
export const BOOTSTRAP_ADMIN_NAME = 'bootstrap admin';
const TOKEN_LABEL = 'bootstrap';

export type BootstrapAdmin = { handlerId: number; tokenFile: string };

/**
 * Serialises the check and the insert across processes that start together on one PostgreSQL,
 * so exactly one of them creates the admin; released at commit or rollback.
 */
async function lockBootstrap(client: PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('palaute311 bootstrap admin'))`);
}

/** Whether someone can already administer, or the bootstrap account exists (e.g. was deactivated). */
async function adminExists(client: PoolClient): Promise<boolean> {
  const found = await client.query(
    `SELECT 1 FROM handler WHERE (role = 'admin' AND active) OR lower(email) = lower($1) LIMIT 1`,
    [BOOTSTRAP_ADMIN_EMAIL],
  );
  return Boolean(found.rowCount);
}

/**
 * The first admin without the command line (README: "An API key for posting feedback";
 * docs/admin-api.md, "The first admin"): with the embedded database the CLI cannot open the
 * data folder while the server runs, so on a start with no active admin the server creates one
 * and writes its bearer token, readable by the owner only, to `tokenFile`. The file is written
 * inside the transaction: if it cannot be written, no admin is left behind whose token nobody
 * has. Returns null when there was nothing to do (an admin exists, or no file is configured).
 */
export async function bootstrapAdmin(pool: Pool, tokenFile: string | null): Promise<BootstrapAdmin | null> {
  if (tokenFile === null) return null;
  return withTransaction(pool, async (client) => {
    await lockBootstrap(client);
    if (await adminExists(client)) return null;
    const handlerId = await insertHandler(client, {
      email: BOOTSTRAP_ADMIN_EMAIL,
      name: BOOTSTRAP_ADMIN_NAME,
      role: 'admin',
    });
    const data = { email: BOOTSTRAP_ADMIN_EMAIL, name: BOOTSTRAP_ADMIN_NAME, role: 'admin', department_ids: [] };
    // Nobody acts for the first admin: as with the command line, the audit entries have no handler.
    await recordAccountEvent(client, { handlerId: null, kind: 'handler_created', targetHandlerId: handlerId, data });
    const issued = await insertHandlerToken(client, handlerId, TOKEN_LABEL);
    await recordAccountEvent(client, {
      handlerId: null,
      kind: 'token_issued',
      targetHandlerId: handlerId,
      credentialId: issued.id,
      data: { label: TOKEN_LABEL },
    });
    await writeSecretFile(tokenFile, `${issued.token}\n`);
    return { handlerId, tokenFile: path.resolve(tokenFile) };
  });
}

/** Owner-only (0600), also when a stale file from an earlier, failed start is overwritten. */
async function writeSecretFile(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}
