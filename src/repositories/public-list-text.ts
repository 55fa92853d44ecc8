/**
 * Lists of public requests written by PostgreSQL as the finished JSON, GeoJSON or XML text
 * (docs/benchmarks.md, "Lists written by PostgreSQL"): the same characters the presenter
 * (src/open311/present-request.ts) and the renderers (src/http/render.ts, src/http/xml.ts)
 * write for the same rows, without `extensions`. test/api/list-text.test.ts compares both.
 *
 * Each expression reads the columns of `p`, one row of the page selected from the public_request
 * view (public-requests-repository.ts): the privacy gate is the view's.
 */

export type ListFormat = 'json' | 'geojson' | 'xml';

/**
 * A double as JavaScript writes it (String(n), JSON.stringify): PostgreSQL prints the same
 * shortest digits, but as `1e-05` where JavaScript writes `0.00001`, and pads the exponent
 * (`1e-07`, JavaScript `1e-7`). Coordinates and distances stay below 1e15, where the formats
 * agree on large numbers. `nonFinite` is the text for NaN and ±Infinity; null stays null.
 */
export function jsNumber(x: string, nonFinite: string | null): string {
  const t = `${x}::text`;
  const finite = nonFinite === null ? '' : `WHEN ${x} IN ('NaN', 'Infinity', '-Infinity') THEN ${nonFinite}`;
  // The common case first: one comparison (NaN and Infinity are above 1e300 in PostgreSQL).
  return `CASE WHEN abs(${x}) BETWEEN 1e-4 AND 1e300 THEN ${t} WHEN ${x} = 0 THEN '0' ${finite}
    WHEN abs(${x}) >= 1e-4 THEN ${t}
    WHEN ${t} LIKE '%e-05' THEN regexp_replace(${t}, '^(-?)(\\d)\\.?(\\d*)e-05$', '\\10.0000\\2\\3')
    WHEN ${t} LIKE '%e-06' THEN regexp_replace(${t}, '^(-?)(\\d)\\.?(\\d*)e-06$', '\\10.00000\\2\\3')
    ELSE regexp_replace(${t}, 'e([+-])0*(\\d)', 'e\\1\\2') END`;
}

/** A JSON number or null, typed json so that row_to_json writes it as it is. */
const jsonNumber = (x: string) => `(${jsNumber(x, `'null'`)})::json`;

/**
 * media_url: the first published photo, else the first link the client submitted
 * (presentRequest); `base` is the parameter holding the deployment's public base URL.
 */
const mediaUrl = (base: string) =>
  `CASE WHEN p.photo IS NOT NULL THEN ${base} || '/media/' || p.photo || '.jpg' ELSE p.link END`;

/**
 * Parameters of a list statement: the city's service ids (int[]) and, in the same order, their
 * names in the answer's language and their codes (text[]); the public base URL (text).
 */
export type ListParams = { ids: string; names: string; codes: string; base: string };

const serviceOf = (params: ListParams, list: string) =>
  `coalesce((${list}::text[])[array_position(${params.ids}::int[], p.service_id)], '')`;

/**
 * The presenter's fields from service_request_id to zipcode, in its order and with its names:
 * row_to_json writes them exactly as JSON.stringify (same escapes, null for null, no spaces).
 */
const headColumns = (params: ListParams) => [
  'p.public_id AS service_request_id',
  'p.status',
  'p.status_notes',
  `${serviceOf(params, params.names)} AS service_name`,
  `${serviceOf(params, params.codes)} AS service_code`,
  `coalesce(p.description, '') AS description`,
  'p.agency_responsible',
  'p.service_notice',
  'p.requested AS requested_datetime',
  'p.updated AS updated_datetime',
  'p.expected AS expected_datetime',
  'p.address',
  'p.address_id',
  'p.zipcode',
];

/**
 * The columns of `x` (one JSON item) and, for GeoJSON, of `f` (one Feature, whose properties
 * are `x`): LATERAL subqueries without FROM, which PostgreSQL folds into the page's own scan,
 * so that row_to_json(x) costs one call per row.
 */
const jsonLateral = (params: ListParams) =>
  `CROSS JOIN LATERAL (SELECT ${[
    ...headColumns(params),
    `${jsonNumber('p.lat')} AS lat`,
    `${jsonNumber('p.long')} AS long`,
    `${mediaUrl(params.base)} AS media_url`,
  ].join(', ')}) x`;

/** An RFC 7946 Feature as requests-geojson.ts writes it: [long, lat], null geometry without both. */
const featureLateral = (params: ListParams) =>
  `CROSS JOIN LATERAL (SELECT ${[...headColumns(params), `${mediaUrl(params.base)} AS media_url`].join(', ')}) x
   CROSS JOIN LATERAL (SELECT 'Feature' AS type, p.public_id AS id,
     CASE WHEN p.lat IS NULL OR p.long IS NULL THEN NULL
          ELSE ('{"type":"Point","coordinates":[' || ${jsNumber('p.long', `'null'`)} || ',' || ${jsNumber('p.lat', `'null'`)} || ']}')::json END
       AS geometry,
     row_to_json(x) AS properties) f`;

/** Text content as escapeXml writes it (characters XML cannot carry are dropped from the whole document after). */
const xmlEscape = (x: string) => `replace(replace(replace(${x}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
const xmlElement = (name: string, x: string) =>
  `CASE WHEN ${x} IS NULL THEN '<${name}/>' ELSE '<${name}>' || ${xmlEscape(x)} || '</${name}>' END`;
const xmlNumber = (name: string, x: string) =>
  `CASE WHEN ${x} IS NULL THEN '<${name}/>' ELSE '<${name}>' || ${jsNumber(x, null)} || '</${name}>' END`;

const xmlItem = (params: ListParams) =>
  [
    `'<request><service_request_id>'`,
    xmlEscape('p.public_id'),
    `'</service_request_id><status>'`,
    xmlEscape('p.status'),
    `'</status>'`,
    xmlElement('status_notes', 'p.status_notes'),
    `'<service_name>'`,
    xmlEscape(serviceOf(params, params.names)),
    `'</service_name><service_code>'`,
    xmlEscape(serviceOf(params, params.codes)),
    `'</service_code>'`,
    `'<description>'`,
    xmlEscape(`coalesce(p.description, '')`),
    `'</description>'`,
    xmlElement('agency_responsible', 'p.agency_responsible'),
    xmlElement('service_notice', 'p.service_notice'),
    `'<requested_datetime>'`,
    xmlEscape('p.requested'),
    `'</requested_datetime><updated_datetime>'`,
    xmlEscape('p.updated'),
    `'</updated_datetime>'`,
    xmlElement('expected_datetime', 'p.expected'),
    xmlElement('address', 'p.address'),
    xmlElement('address_id', 'p.address_id'),
    xmlElement('zipcode', 'p.zipcode'),
    xmlNumber('lat', 'p.lat'),
    xmlNumber('long', 'p.long'),
    xmlElement('media_url', mediaUrl(params.base)),
    `'</request>'`,
  ].join(', ');

/** Before the items, between them and after them. */
const FRAME: Record<ListFormat, [string, string, string]> = {
  json: ['[', ',', ']'],
  geojson: ['{"type":"FeatureCollection","features":[', ',', ']}'],
  xml: ['<?xml version="1.0" encoding="utf-8"?>\n<service_requests>', '', '</service_requests>'],
};

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * One statement over the page `page` (its rows as `p`): `n`, the number of rows, and `body`,
 * the whole document, items newest first as the page is ordered.
 */
export function listDocumentStatement(format: ListFormat, params: ListParams, page: string): string {
  const [open, between, close] = FRAME[format].map(literal);
  const [item, lateral] =
    format === 'json'
      ? ['row_to_json(x)::text', jsonLateral(params)]
      : format === 'geojson'
        ? ['row_to_json(f)::text', featureLateral(params)]
        : [`concat(${xmlItem(params)})`, ''];
  return `SELECT count(*)::int AS n,
    ${open} || coalesce(string_agg(${item}, ${between} ORDER BY p.requested_at DESC, p.id DESC), '') || ${close} AS body
    FROM (${page}) p ${lateral}`;
}

/** The view's columns the list documents read (a narrower set than a full row: no history, title or parent). */
export const LIST_DOCUMENT_COLUMNS = [
  'id',
  'requested_at',
  'public_id',
  'status',
  'status_notes',
  'service_id',
  'description',
  'agency_responsible',
  'service_notice',
  'requested',
  'updated',
  'expected',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
]
  .map((column) => `r.${column}`)
  .concat(['r.media_urls[1] AS link', 'r.photo_ids[1] AS photo'])
  .join(', ');
