import { EntitySchema, type MultiPolygon } from 'typeorm';
import { migrationIndex, now, oneOf, optionalText, stampedNow, type Localized } from './columns';

/** A municipality (GeoReport `jurisdiction_id`), e.g. `kerava.fi`. */
export type JurisdictionRecord = {
  id: string;
  names: Localized;
  defaultLocale: 'fi' | 'sv' | 'en';
  timezone: string;
  /** GeoReport discovery's `changeset`: moved by every catalogue change. */
  changeset: Date;
  createdAt: Date;
  mailFromName: string | null;
  mailFromAddress: string | null;
  publicBaseUrl: string | null;
  hostNames: string[];
  /** The widget's map tiles: `tile_url`, `attribution`, `lat`, `long`, `zoom`. */
  map: Record<string, unknown> | null;
  /** WGS84 MultiPolygon, GeoJSON when read through TypeORM. */
  boundary: MultiPolygon | null;
  active: boolean;
  /** Capital letters before the year in request ids; null for the one city with plain ids. */
  requestPrefix: string | null;
  /** Name of the city's request-number sequence (ours, never user input). */
  numberSequence: string;
};

export const JurisdictionEntity = new EntitySchema<JurisdictionRecord>({
  name: 'jurisdiction',
  columns: {
    id: { type: 'text', primary: true },
    names: { type: 'jsonb' },
    defaultLocale: { type: 'text', default: 'fi' },
    timezone: { type: 'text', default: 'Europe/Helsinki' },
    changeset: { type: 'timestamptz', default: () => `date_trunc('second', ${now()})` },
    createdAt: stampedNow,
    mailFromName: optionalText,
    mailFromAddress: optionalText,
    publicBaseUrl: optionalText,
    hostNames: { type: 'text', array: true, default: [] },
    map: { type: 'jsonb', nullable: true },
    boundary: { type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326, nullable: true },
    active: { type: 'boolean', default: true },
    requestPrefix: { type: 'text', nullable: true, unique: true },
    numberSequence: { type: 'text', default: 'service_request_number' },
  },
  checks: [
    oneOf('jurisdiction', 'default_locale', ['fi', 'sv', 'en']),
    { name: 'jurisdiction_request_prefix_check', expression: `request_prefix ~ '^[A-Z]{2,6}$'` },
    {
      name: 'jurisdiction_number_sequence_check',
      expression: `number_sequence ~ '^service_request_number(_[a-z]{2,6})?$'`,
    },
  ],
  indices: [
    // At most one city numbers without a prefix: unique over a constant, partial.
    migrationIndex('jurisdiction_one_unprefixed'),
    // GiST: which city's boundary contains a point.
    migrationIndex('jurisdiction_boundary'),
  ],
});
