import type { Pool, PoolClient } from 'pg';
import type { Locale, Localized } from '../domain/catalogue';

/** Departments whose digest is on and not yet sent on `today` (a Helsinki date, YYYY-MM-DD). */
export async function departmentsDueForDigest(pool: Pool, today: string): Promise<number[]> {
  const result = await pool.query<{ id: number }>(
    `SELECT id FROM department WHERE digest AND (digest_sent_on IS NULL OR digest_sent_on < $1::date) ORDER BY id`,
    [today],
  );
  return result.rows.map((row) => row.id);
}

export type DigestDepartment = {
  id: number;
  names: Localized;
  alert_email: string | null;
  alert_handlers: boolean;
  jurisdiction_id: string;
  city_names: Localized;
  default_locale: Locale;
  public_base_url: string | null;
};

/**
 * Records today's digest of a department in the caller's transaction, which also queues its
 * mails; null when it is off or already sent today. The row lock makes a second process wait
 * and then find the date taken, so the digest goes once a day whatever runs.
 */
export async function claimDigest(
  client: PoolClient,
  departmentId: number,
  today: string,
): Promise<DigestDepartment | null> {
  const result = await client.query<DigestDepartment>(
    `UPDATE department d SET digest_sent_on = $2::date
       FROM jurisdiction j
      WHERE d.id = $1 AND j.id = d.jurisdiction_id AND d.digest
        AND (d.digest_sent_on IS NULL OR d.digest_sent_on < $2::date)
     RETURNING d.id, d.names, d.alert_email, d.alert_handlers, d.jurisdiction_id, j.names AS city_names,
               j.default_locale, j.public_base_url`,
    [departmentId, today],
  );
  return result.rows[0] ?? null;
}

export type DigestRow = {
  public_id: string;
  category: Localized;
  requested_at: Date;
  deadline_at: Date;
  address: string | null;
  title: string | null;
  description: string;
  overdue: boolean;
};

/**
 * The department's requests not yet taken into processing whose deadline (docs/working-days.md)
 * is past or falls by `horizon`, most urgent first; at most `limit`.
 */
export async function digestRequests(
  db: Pool | PoolClient,
  departmentId: number,
  horizon: Date,
  now: Date,
  limit = 200,
): Promise<DigestRow[]> {
  const result = await db.query<DigestRow>(
    `SELECT r.public_id, s.names AS category, r.requested_at, r.deadline_at, r.address,
            r.title_original AS title, r.description_original AS description, r.deadline_at < $3 AS overdue
       FROM service_request r JOIN service s ON s.id = r.service_id
      WHERE r.department_id = $1 AND r.first_handled_at IS NULL AND r.closed_at IS NULL
        AND r.deadline_at IS NOT NULL AND r.deadline_at <= $2
      ORDER BY r.deadline_at, r.id LIMIT $4`,
    [departmentId, horizon, now, limit],
  );
  return result.rows;
}
