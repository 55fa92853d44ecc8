import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { loadConfig } from './config';
import { eraseExpiredContacts } from './domain/retention';
import { UsageError } from './cli-usage-error';

export const RETENTION_USAGE = `  npm run --silent cli -- retention run [--months N]   (default RETENTION_CONTACT_MONTHS)`;

/**
 * One run of the retention setting now (docs/retention.md §2), as the worker does it, with the
 * setting's months or `--months N`; prints the counts as JSON. Safe beside running servers.
 */
export async function retentionRun(pool: Pool, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { months: { type: 'string' } }, strict: true });
  const months = values.months === undefined ? loadConfig().retentionContactMonths : Number(values.months);
  if (months === null) throw new UsageError('RETENTION_CONTACT_MONTHS is not set: give --months N');
  if (!Number.isInteger(months) || months < 1 || months > 1200) {
    throw new UsageError(`--months must be a whole number from 1 to 1200, got "${values.months}"`);
  }
  return JSON.stringify({ retention_months: months, ...(await eraseExpiredContacts(pool, months)) });
}
