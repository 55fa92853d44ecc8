import type { Pool, PoolClient } from 'pg';
import type { WebhookEventRecord } from '../db/entities/webhook';
import { w3c } from './public-scope';

type Queryable = Pool | PoolClient;

/** A webhook as the admin API shows it (AdminWebhook): never its secret. */
export type WebhookRow = {
  webhook_id: number;
  jurisdiction_id: string;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  created_datetime: string;
  updated_datetime: string;
};

const COLUMNS = `
  w.id AS webhook_id, w.jurisdiction_id, w.name, w.url, w.events, w.active,
  ${w3c('w.created_at')} AS created_datetime, ${w3c('w.updated_at')} AS updated_datetime`;

/** `city` null reaches every city's webhooks (an instance admin); deleted ones are gone for the API. */
const SCOPED = `w.deleted_at IS NULL AND ($2::text IS NULL OR w.jurisdiction_id = $2)`;

/** Live webhooks of one city, or of every city (null), oldest first. */
export async function listWebhooks(db: Queryable, city: string | null): Promise<WebhookRow[]> {
  const found = await db.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhook w
      WHERE w.deleted_at IS NULL AND ($1::text IS NULL OR w.jurisdiction_id = $1) ORDER BY w.id`,
    [city],
  );
  return found.rows;
}

/** One live webhook within `city` (null: any), locked when `db` is a transaction; null when none. */
export async function findWebhook(
  db: Queryable,
  id: number,
  city: string | null,
  lock = false,
): Promise<WebhookRow | null> {
  const found = await db.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhook w WHERE w.id = $1 AND ${SCOPED} ${lock ? 'FOR UPDATE' : ''}`,
    [id, city],
  );
  return found.rows[0] ?? null;
}

export type NewWebhook = {
  jurisdictionId: string;
  name: string;
  url: string;
  events: string[];
  secret: string;
  active: boolean;
};

export async function insertWebhook(db: Queryable, hook: NewWebhook): Promise<WebhookRow> {
  const created = await db.query<WebhookRow>(
    `INSERT INTO webhook AS w (jurisdiction_id, name, url, events, secret, active) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [hook.jurisdictionId, hook.name, hook.url, hook.events, hook.secret, hook.active],
  );
  return created.rows[0];
}

export type WebhookChanges = Partial<{ name: string; url: string; events: string[]; secret: string; active: boolean }>;

/** Applies the given fields (the others stay); `updated_at` moves. */
export async function updateWebhook(db: Queryable, id: number, changes: WebhookChanges): Promise<WebhookRow> {
  const updated = await db.query<WebhookRow>(
    `UPDATE webhook w SET name = COALESCE($2, w.name), url = COALESCE($3, w.url), events = COALESCE($4, w.events),
            secret = COALESCE($5, w.secret), active = COALESCE($6, w.active), updated_at = now()
      WHERE w.id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      changes.name ?? null,
      changes.url ?? null,
      changes.events ?? null,
      changes.secret ?? null,
      changes.active ?? null,
    ],
  );
  return updated.rows[0];
}

/**
 * Deletes a webhook for the API but keeps its row, delivery log and audit; its waiting
 * deliveries are given up, so nothing more is sent to the URL.
 */
export async function deleteWebhook(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE webhook SET deleted_at = now(), active = false, updated_at = now() WHERE id = $1`, [id]);
  await db.query(
    `UPDATE webhook_delivery SET failed_at = now(), last_error = 'webhook deleted'
      WHERE webhook_id = $1 AND delivered_at IS NULL AND failed_at IS NULL`,
    [id],
  );
}

export type WebhookEvent = {
  handlerId: number | null;
  webhookId: number;
  kind: WebhookEventRecord['kind'];
  data?: object;
};

/** The webhooks' audit log, in the caller's transaction; never holds a secret. */
export async function recordWebhookEvent(db: Queryable, event: WebhookEvent): Promise<void> {
  await db.query(`INSERT INTO webhook_event (handler_id, webhook_id, kind, data) VALUES ($1, $2, $3, $4)`, [
    event.handlerId,
    event.webhookId,
    event.kind,
    JSON.stringify(event.data ?? {}),
  ]);
}
