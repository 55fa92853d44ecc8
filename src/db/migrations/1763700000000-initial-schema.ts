import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GeoReport v2 core schema (docs/domain-model.md). Contact details live in their own
 * table so that no public query ever touches them; geometry is WGS84 with GiST indexes on both
 * the geometry (bbox) and its geography cast (radius in metres).
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE jurisdiction (
        id text PRIMARY KEY,
        names jsonb NOT NULL,
        default_locale text NOT NULL DEFAULT 'fi' CHECK (default_locale IN ('fi','sv','en')),
        timezone text NOT NULL DEFAULT 'Europe/Helsinki',
        changeset timestamptz NOT NULL DEFAULT date_trunc('second', now()),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE department (
        id serial PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
        code text NOT NULL,
        names jsonb NOT NULL,
        UNIQUE (jurisdiction_id, code)
      )`);
    await q.query(`
      CREATE TABLE service (
        id serial PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
        code text NOT NULL,
        names jsonb NOT NULL,
        descriptions jsonb NOT NULL DEFAULT '{}',
        groups jsonb NOT NULL DEFAULT '{}',
        keywords jsonb NOT NULL DEFAULT '{}',
        type text NOT NULL DEFAULT 'realtime' CHECK (type IN ('realtime','batch','blackbox')),
        location_rule text NOT NULL DEFAULT 'coords_or_address'
          CHECK (location_rule IN ('coords_or_address','coords','none')),
        never_public boolean NOT NULL DEFAULT false,
        moderation text NOT NULL DEFAULT 'auto' CHECK (moderation IN ('auto','pre')),
        department_id int REFERENCES department(id),
        sla_days int NOT NULL DEFAULT 5 CHECK (sla_days >= 0),
        active boolean NOT NULL DEFAULT true,
        sort_order int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (jurisdiction_id, code)
      )`);
    await q.query(`
      CREATE TABLE service_attribute (
        id serial PRIMARY KEY,
        service_id int NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        code text NOT NULL,
        datatype text NOT NULL
          CHECK (datatype IN ('string','number','datetime','text','singlevaluelist','multivaluelist')),
        variable boolean NOT NULL DEFAULT true,
        required boolean NOT NULL DEFAULT false,
        sort_order int NOT NULL CHECK (sort_order > 0),
        descriptions jsonb NOT NULL DEFAULT '{}',
        datatype_descriptions jsonb NOT NULL DEFAULT '{}',
        "values" jsonb NOT NULL DEFAULT '[]',
        UNIQUE (service_id, code),
        UNIQUE (service_id, sort_order)
      )`);
    await q.query(`
      CREATE TABLE application (
        id serial PRIMARY KEY,
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE SEQUENCE service_request_number`);
    await q.query(`
      CREATE TABLE service_request (
        id bigserial PRIMARY KEY,
        public_id text NOT NULL UNIQUE,
        jurisdiction_id text NOT NULL REFERENCES jurisdiction(id),
        service_id int NOT NULL REFERENCES service(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        detailed_status text NOT NULL DEFAULT 'RECEIVED'
          CHECK (detailed_status IN ('RECEIVED','IN_PROCESS','PROCESSED','REJECTED','ARCHIVED')),
        visibility text NOT NULL DEFAULT 'pending' CHECK (visibility IN ('pending','public','hidden')),
        publication_consent boolean NOT NULL DEFAULT true,
        title_original text,
        description_original text NOT NULL,
        title_public text,
        description_public text,
        status_notes text,
        agency_responsible text,
        service_notice text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        expected_at timestamptz,
        deadline_at timestamptz,
        first_handled_at timestamptz,
        closed_at timestamptz,
        address text,
        address_id text,
        zipcode text,
        geom geometry(Point, 4326),
        locale text NOT NULL DEFAULT 'fi',
        token text UNIQUE,
        application_id int REFERENCES application(id),
        duplicate_of bigint REFERENCES service_request(id),
        attributes jsonb NOT NULL DEFAULT '{}',
        media_urls text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(
      `CREATE INDEX service_request_requested ON service_request (jurisdiction_id, requested_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX service_request_status_requested ON service_request (jurisdiction_id, status, requested_at DESC)`,
    );
    await q.query(`CREATE INDEX service_request_service_requested ON service_request (service_id, requested_at DESC)`);
    await q.query(`CREATE INDEX service_request_updated ON service_request (jurisdiction_id, updated_at DESC)`);
    await q.query(`CREATE INDEX service_request_geom ON service_request USING gist (geom)`);
    await q.query(`CREATE INDEX service_request_geog ON service_request USING gist ((geom::geography))`);
    await q.query(`
      CREATE INDEX service_request_text ON service_request USING gin
        ((coalesce(title_public, '') || ' ' || coalesce(description_public, '') || ' ' || coalesce(address, ''))
         gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE request_contact (
        request_id bigint PRIMARY KEY REFERENCES service_request(id) ON DELETE CASCADE,
        email text, phone text, first_name text, last_name text, account_id text, device_id text
      )`);
    await q.query(`
      CREATE TABLE request_event (
        id bigserial PRIMARY KEY,
        request_id bigint NOT NULL REFERENCES service_request(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        public boolean NOT NULL DEFAULT false,
        status text,
        detailed_status text,
        note text,
        actor text
      )`);
    await q.query(`CREATE INDEX request_event_request ON request_event (request_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'request_event',
      'request_contact',
      'service_request',
      'application',
      'service_attribute',
      'service',
      'department',
      'jurisdiction',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS service_request_number`);
  }
}
