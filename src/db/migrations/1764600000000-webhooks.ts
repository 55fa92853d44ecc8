import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (docs/webhooks.md): a city's case-management system follows its requests. A city
 * admin registers a target URL, the event types it wants and a secret; every matching
 * `request_event` gets one `webhook_delivery` row per live webhook of the request's city,
 * written by a trigger in the transaction that wrote the event (so nothing is lost and the
 * write paths stay untouched). A worker claims due deliveries with leases, as the outbox does.
 * `webhook_event` is the webhooks' audit log (who created, changed or deleted which webhook).
 */
export class Webhooks1764600000000 implements MigrationInterface {
  name = 'Webhooks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook (
        id serial PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
        name text NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT webhook_events_check CHECK (cardinality(events) > 0)
      )`);
    await q.query(`CREATE INDEX webhook_live ON webhook (jurisdiction_id) WHERE active AND deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id bigserial PRIMARY KEY,
        webhook_id int NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
        event_id bigint NOT NULL REFERENCES request_event(id) ON DELETE CASCADE,
        request_id bigint NOT NULL REFERENCES service_request(id) ON DELETE CASCADE,
        event_type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        payload text,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status int,
        last_error text,
        delivered_at timestamptz,
        failed_at timestamptz,
        CONSTRAINT webhook_delivery_webhook_event_key UNIQUE (webhook_id, event_id)
      )`);
    await q.query(`
      CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at, id)
       WHERE delivered_at IS NULL AND failed_at IS NULL`);
    await q.query(`
      CREATE INDEX webhook_delivery_waiting ON webhook_delivery (webhook_id, request_id, id)
       WHERE delivered_at IS NULL AND failed_at IS NULL`);
    await q.query(`CREATE INDEX webhook_delivery_request ON webhook_delivery (request_id)`);
    await q.query(`
      CREATE TABLE webhook_event (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        handler_id int REFERENCES handler(id),
        webhook_id int NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('webhook_created', 'webhook_updated', 'webhook_deleted', 'delivery_redelivered')),
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX webhook_event_webhook ON webhook_event (webhook_id, id)`);
    // Event kinds (src/domain/event-kinds.ts) to webhook event types (src/domain/webhook-events.ts).
    await q.query(`
      CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        wanted text := CASE NEW.kind
          WHEN 'created' THEN 'request.created'
          WHEN 'status_changed' THEN 'request.status_changed'
          WHEN 'answered' THEN 'request.answered'
          WHEN 'redirected_internal' THEN 'request.redirected'
          WHEN 'redirected_external' THEN 'request.redirected'
          WHEN 'duplicate' THEN 'request.duplicate'
          WHEN 'published' THEN 'request.published'
          WHEN 'hidden' THEN 'request.hidden'
        END;
      BEGIN
        IF wanted IS NULL THEN RETURN NULL; END IF;
        INSERT INTO webhook_delivery (webhook_id, event_id, request_id, event_type)
        SELECT w.id, NEW.id, NEW.request_id, wanted
          FROM webhook w
         WHERE w.jurisdiction_id = (SELECT r.jurisdiction_id FROM service_request r WHERE r.id = NEW.request_id)
           AND w.active AND w.deleted_at IS NULL AND wanted = ANY (w.events);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER request_event_webhooks AFTER INSERT ON request_event
        FOR EACH ROW EXECUTE FUNCTION webhook_fan_out()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS request_event_webhooks ON request_event`);
    await q.query(`DROP FUNCTION IF EXISTS webhook_fan_out()`);
    await q.query(`DROP TABLE IF EXISTS webhook_event`);
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS webhook`);
  }
}
