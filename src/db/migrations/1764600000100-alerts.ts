import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail alerts for handlers (docs/alerts.md). Departments choose where alerts go (an address,
 * their handlers, a daily digest) and remember the day of their last digest; handlers may opt out
 * and pick their language. A trigger on `request_event` queues a small `alert_pending` row in the
 * transaction of the event (a new request, an assignment, a move to another department), so no
 * alert is lost and the POST path only adds one narrow insert; the alert worker turns it into
 * outbox mails (src/mail/alert-worker.ts).
 */
export class Alerts1764600000100 implements MigrationInterface {
  name = 'Alerts1764600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE department
        ADD COLUMN alert_email text,
        ADD COLUMN alert_handlers boolean NOT NULL DEFAULT false,
        ADD COLUMN digest boolean NOT NULL DEFAULT false,
        ADD COLUMN digest_sent_on date`);
    await q.query(`
      ALTER TABLE handler
        ADD COLUMN alerts_enabled boolean NOT NULL DEFAULT true,
        ADD COLUMN language text CHECK (language IN ('fi','sv','en'))`);
    await q.query(`
      CREATE TABLE alert_pending (
        id bigserial PRIMARY KEY,
        event_id bigint NOT NULL,
        request_id bigint NOT NULL REFERENCES service_request(id) ON DELETE CASCADE,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text
      )`);
    await q.query(`CREATE INDEX alert_pending_due ON alert_pending (next_attempt_at, id)`);
    // Only what may become a mail is queued: an assignment to someone other than its author, or a
    // request arriving in a department that asked for alerts.
    await q.query(`
      CREATE FUNCTION alert_queue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind = 'assigned' THEN
          IF NEW.data->>'to_handler_id' IS NULL
             OR NEW.data->>'to_handler_id' IS NOT DISTINCT FROM NEW.handler_id::text
             OR NEW.data->>'to_handler_id' IS NOT DISTINCT FROM NEW.data->>'from_handler_id' THEN
            RETURN NULL;
          END IF;
        ELSIF NOT EXISTS (SELECT 1 FROM service_request r JOIN department d ON d.id = r.department_id
                           WHERE r.id = NEW.request_id AND (d.alert_email IS NOT NULL OR d.alert_handlers)) THEN
          RETURN NULL;
        END IF;
        INSERT INTO alert_pending (event_id, request_id, kind) VALUES (NEW.id, NEW.request_id, NEW.kind);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER alert_on_request_event AFTER INSERT ON request_event
        FOR EACH ROW WHEN (NEW.kind IN ('created', 'assigned', 'redirected_internal'))
        EXECUTE FUNCTION alert_queue()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS alert_on_request_event ON request_event`);
    await q.query(`DROP FUNCTION IF EXISTS alert_queue()`);
    await q.query(`DROP TABLE IF EXISTS alert_pending`);
    await q.query(`ALTER TABLE handler DROP COLUMN alerts_enabled, DROP COLUMN language`);
    await q.query(`
      ALTER TABLE department
        DROP COLUMN alert_email, DROP COLUMN alert_handlers, DROP COLUMN digest, DROP COLUMN digest_sent_on`);
  }
}
