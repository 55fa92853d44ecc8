/** The municipalities and their categories (services) as the domain sees them. */
export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Partial<Record<Locale, string>>;

export type Jurisdiction = {
  id: string;
  names: Localized;
  defaultLocale: Locale;
  timezone: string;
  /** Host names that mean this city when a call names none (lower case, no port). */
  hostNames: string[];
  /** Whether a boundary is set: only then does a POST's point need the database (§7). */
  hasBoundary: boolean;
  /** Inactive cities take no new requests and are never chosen implicitly; their requests stay readable. */
  active: boolean;
  /** The city's own public address, for its discovery endpoint; null = the deployment's. */
  publicBaseUrl: string | null;
  /** The widget's map for this city (docs/widget.md); a setting left out is the deployment's MAP_*. */
  map: CityMap | null;
};

export type CityMap = Partial<{
  tile_url: string;
  attribution: string;
  lat: number;
  long: number;
  zoom: number;
  max_zoom: number;
}>;

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export type ServiceAttribute = {
  code: string;
  datatype: Datatype;
  variable: boolean;
  required: boolean;
  order: number;
  descriptions: Localized;
  datatypeDescriptions: Localized;
  values: { key: string; names: Localized }[];
};

export type LocationRule = 'coords_or_address' | 'coords' | 'none';

/** What a category is, both as stored (src/db/entities/service.ts) and as served. */
export type ServiceFields = {
  id: number;
  jurisdictionId: string;
  code: string;
  names: Localized;
  descriptions: Localized;
  groups: Localized;
  keywords: Localized;
  type: 'realtime' | 'batch' | 'blackbox';
  locationRule: LocationRule;
  neverPublic: boolean;
  moderation: 'auto' | 'pre';
  slaDays: number;
  active: boolean;
};

export type Service = ServiceFields & {
  departmentNames: Localized | null;
  attributes: ServiceAttribute[];
};

export type Catalogue = {
  /** Every city, in the order they were created (the first is the last resort of docs/open311-dialect.md §7). */
  jurisdictions: Map<string, Jurisdiction>;
  /** Host name (lower case) → city id. */
  hostCities: Map<string, string>;
  /** Active and inactive services per jurisdiction, in display order. */
  services: Map<string, Service[]>;
  serviceById: Map<number, Service>;
  /** Last change of any jurisdiction or service (GeoReport discovery `changeset`). */
  changeset: string;
};

/** Text in the wanted language, falling back to the jurisdiction's default, then any. */
export function pick(texts: Localized | null | undefined, locale: Locale, fallback: Locale): string | null {
  if (!texts) return null;
  return texts[locale] ?? texts[fallback] ?? texts.fi ?? texts.en ?? texts.sv ?? null;
}

export function findService(catalogue: Catalogue, jurisdictionId: string, code: string): Service | undefined {
  return catalogue.services.get(jurisdictionId)?.find((s) => s.code === code);
}
