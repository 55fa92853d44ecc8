import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several cities in one deployment (docs/domain-model.md, "Cities"). A city gains what it needs
 * to be itself: mail sender, public base URL and host names, map tiles for the widget, an
 * optional boundary, an active flag and its own request-number sequence. The one city without a
 * `request_prefix` keeps the old global sequence and plain ids (`2026-000352`), so every id
 * already mailed stays valid; every other city numbers `JP-2026-000001` from its own sequence.
 *
 * Client keys and handlers belong to a city: a handler without one must be an admin (an
 * instance admin). Existing keys go to the first city; handlers and viewers to the city of
 * their departments (else the first). Outbox rows remember the sender of their city.
 */
export class Cities1764500000000 implements MigrationInterface {
  name = 'Cities1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE jurisdiction
        ADD COLUMN mail_from_name text,
        ADD COLUMN mail_from_address text,
        ADD COLUMN public_base_url text,
        ADD COLUMN host_names text[] NOT NULL DEFAULT '{}',
        ADD COLUMN map jsonb,
        ADD COLUMN boundary geometry(MultiPolygon,4326),
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN request_prefix text,
        ADD COLUMN number_sequence text NOT NULL DEFAULT 'service_request_number',
        ADD CONSTRAINT jurisdiction_request_prefix_key UNIQUE (request_prefix),
        ADD CONSTRAINT jurisdiction_request_prefix_check CHECK (request_prefix ~ '^[A-Z]{2,6}$'),
        ADD CONSTRAINT jurisdiction_number_sequence_check
          CHECK (number_sequence ~ '^service_request_number(_[a-z]{2,6})?$')`);
    await prefixLaterCities(q);
    await q.query(
      `CREATE UNIQUE INDEX jurisdiction_one_unprefixed ON jurisdiction ((true)) WHERE request_prefix IS NULL`,
    );
    await q.query(`CREATE INDEX jurisdiction_boundary ON jurisdiction USING gist (boundary)`);

    await q.query(`ALTER TABLE application ADD COLUMN jurisdiction_id text REFERENCES jurisdiction(id)`);
    await q.query(`UPDATE application SET jurisdiction_id = (${FIRST_CITY})`);

    await q.query(`ALTER TABLE handler ADD COLUMN jurisdiction_id text REFERENCES jurisdiction(id)`);
    await q.query(`
      UPDATE handler h SET jurisdiction_id = COALESCE(
          (SELECT min(d.jurisdiction_id) FROM handler_department hd JOIN department d ON d.id = hd.department_id
            WHERE hd.handler_id = h.id),
          (${FIRST_CITY}))
        WHERE h.role <> 'admin'`);
    await q.query(`
      ALTER TABLE handler ADD CONSTRAINT handler_jurisdiction_check
        CHECK (role = 'admin' OR jurisdiction_id IS NOT NULL)`);

    await q.query(`ALTER TABLE outbox ADD COLUMN mail_from text`);

    await q.query(`ALTER TABLE catalogue_event DROP CONSTRAINT catalogue_event_kind_check`);
    await q.query(`
      ALTER TABLE catalogue_event ADD CONSTRAINT catalogue_event_kind_check
        CHECK (kind IN ('service_created','service_updated','department_created','department_updated',
                        'jurisdiction_created','jurisdiction_updated'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM catalogue_event WHERE kind IN ('jurisdiction_created','jurisdiction_updated')`);
    await q.query(`ALTER TABLE catalogue_event DROP CONSTRAINT catalogue_event_kind_check`);
    await q.query(`
      ALTER TABLE catalogue_event ADD CONSTRAINT catalogue_event_kind_check
        CHECK (kind IN ('service_created','service_updated','department_created','department_updated'))`);
    await q.query(`ALTER TABLE outbox DROP COLUMN mail_from`);
    await q.query(`ALTER TABLE handler DROP CONSTRAINT handler_jurisdiction_check`);
    await q.query(`ALTER TABLE handler DROP COLUMN jurisdiction_id`);
    await q.query(`ALTER TABLE application DROP COLUMN jurisdiction_id`);
    const sequences: { number_sequence: string }[] = await q.query(
      `SELECT number_sequence FROM jurisdiction WHERE number_sequence <> 'service_request_number'`,
    );
    // Names are ours: the check constraint allows only service_request_number_<letters>.
    for (const row of sequences) await q.query(`DROP SEQUENCE IF EXISTS "${row.number_sequence}"`);
    await q.query(`
      ALTER TABLE jurisdiction
        DROP COLUMN mail_from_name, DROP COLUMN mail_from_address, DROP COLUMN public_base_url,
        DROP COLUMN host_names, DROP COLUMN map, DROP COLUMN boundary, DROP COLUMN active,
        DROP COLUMN request_prefix, DROP COLUMN number_sequence`);
  }
}

const FIRST_CITY = `SELECT id FROM jurisdiction ORDER BY created_at, id LIMIT 1`;

/**
 * A deployment that already had several cities shared one sequence; the first keeps it (and its
 * plain ids), each later one gets a prefix from the letters of its id and a sequence of its own.
 */
async function prefixLaterCities(q: QueryRunner): Promise<void> {
  const cities: { id: string }[] = await q.query(`SELECT id FROM jurisdiction ORDER BY created_at, id OFFSET 1`);
  const taken = new Set<string>();
  for (const city of cities) {
    const prefix = freePrefix(city.id, taken);
    taken.add(prefix);
    const sequence = `service_request_number_${prefix.toLowerCase()}`;
    await q.query(`CREATE SEQUENCE "${sequence}"`);
    await q.query(`UPDATE jurisdiction SET request_prefix = $1, number_sequence = $2 WHERE id = $3`, [
      prefix,
      sequence,
      city.id,
    ]);
  }
}

/** Up to six capital letters of the city id, made unique with a trailing letter when needed. */
function freePrefix(id: string, taken: Set<string>): string {
  const raw = id
    .split('.')[0]
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  const letters = raw.length >= 2 ? raw.slice(0, 6) : (raw + 'XX').slice(0, 2);
  if (!taken.has(letters)) return letters;
  const base = letters.slice(0, 5);
  for (const extra of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (!taken.has(base + extra)) return base + extra;
  }
  throw new Error(`no free request prefix for city ${id}`);
}
