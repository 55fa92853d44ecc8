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

/** A text value, never null, as JSON: PostgreSQL's to_json escapes exactly as JSON.stringify. */
const jsonText = (x: string) => `to_json(${x})::text`;
const jsonOrNull = (x: string) => `coalesce(to_json(${x})::text, 'null')`;

/**
 * A double as JavaScript writes it (String(n), JSON.stringify): PostgreSQL prints the same
 * shortest digits, but as `1e-05` where JavaScript writes `0.00001`, and pads the exponent
 * (`1e-07`, JavaScript `1e-7`). Coordinates and distances stay below 1e15, where the formats
 * agree on large numbers. `nonFinite` is the text for NaN and ±Infinity.
 */
export function jsNumber(x: string, nonFinite: string | null): string {
  const t = `${x}::text`;
  const finite = nonFinite === null ? '' : `WHEN ${x} IN ('NaN', 'Infinity', '-Infinity') THEN ${nonFinite}`;
  return `CASE WHEN ${x} = 0 THEN '0' ${finite}
    WHEN abs(${x}) >= 1e-4 THEN ${t}
    WHEN ${t} LIKE '%e-05' THEN regexp_replace(${t}, '^(-?)(\\d)\\.?(\\d*)e-05$', '\\10.0000\\2\\3')
    WHEN ${t} LIKE '%e-06' THEN regexp_replace(${t}, '^(-?)(\\d)\\.?(\\d*)e-06$', '\\10.00000\\2\\3')
    ELSE regexp_replace(${t}, 'e([+-])0*(\\d)', 'e\\1\\2') END`;
}

/** A JSON number or null (JSON.stringify writes NaN and ±Infinity as null). */
const jsonNumber = (x: string) => `coalesce(${jsNumber(x, `'null'`)}, 'null')`;

/**
 * media_url: the first published photo, else the first link the client submitted
 * (presentRequest); `base` is the parameter holding the deployment's public base URL.
 */
const mediaUrl = (base: string) =>
  `CASE WHEN p.photo IS NOT NULL THEN ${base} || '/media/' || p.photo || '.jpg' ELSE p.link END`;

/**
 * The service's name and code, already written for this format and language (`names`, a
 * text[] parameter in the order of the `ids` int[] parameter); '' for both when unknown.
 */
const service = (ids: string, names: string, unknown: string) =>
  `coalesce((${names}::text[])[array_position(${ids}::int[], p.service_id)], '${unknown}')`;

export const UNKNOWN_SERVICE: Record<ListFormat, string> = {
  json: '"service_name":"","service_code":""',
  geojson: '"service_name":"","service_code":""',
  xml: '<service_name></service_name><service_code></service_code>',
};

export type ListParams = { ids: string; names: string; base: string };

/** The JSON members from service_request_id to zipcode, in the presenter's order. */
const jsonHead = (params: ListParams) => [
  `'"service_request_id":'`,
  jsonText('p.public_id'),
  `',"status":'`,
  jsonText('p.status'),
  `',"status_notes":'`,
  jsonOrNull('p.status_notes'),
  `','`,
  service(params.ids, params.names, UNKNOWN_SERVICE.json),
  `',"description":'`,
  jsonText(`coalesce(p.description, '')`),
  `',"agency_responsible":'`,
  jsonOrNull('p.agency_responsible'),
  `',"service_notice":'`,
  jsonOrNull('p.service_notice'),
  `',"requested_datetime":'`,
  jsonText('p.requested'),
  `',"updated_datetime":'`,
  jsonText('p.updated'),
  `',"expected_datetime":'`,
  jsonOrNull('p.expected'),
  `',"address":'`,
  jsonOrNull('p.address'),
  `',"address_id":'`,
  jsonOrNull('p.address_id'),
  `',"zipcode":'`,
  jsonOrNull('p.zipcode'),
];

const jsonItem = (params: ListParams) =>
  [
    `'{'`,
    ...jsonHead(params),
    `',"lat":'`,
    jsonNumber('p.lat'),
    `',"long":'`,
    jsonNumber('p.long'),
    `',"media_url":'`,
    jsonOrNull(mediaUrl(params.base)),
    `'}'`,
  ].join(', ');

/** An RFC 7946 Feature as requests-geojson.ts writes it: [long, lat], null geometry without both. */
const featureItem = (params: ListParams) =>
  [
    `'{"type":"Feature","id":'`,
    jsonText('p.public_id'),
    `',"geometry":'`,
    `CASE WHEN p.lat IS NULL OR p.long IS NULL THEN 'null'
          ELSE '{"type":"Point","coordinates":[' || ${jsonNumber('p.long')} || ',' || ${jsonNumber('p.lat')} || ']}' END`,
    `',"properties":{'`,
    ...jsonHead(params),
    `',"media_url":'`,
    jsonOrNull(mediaUrl(params.base)),
    `'}}'`,
  ].join(', ');

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
    service(params.ids, params.names, UNKNOWN_SERVICE.xml),
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
 * One statement's select list over the page `p`: `n`, the number of rows, and `body`, the
 * whole document, items newest first as the page is ordered.
 */
export function listDocumentSelect(format: ListFormat, params: ListParams): string {
  const item = format === 'json' ? jsonItem(params) : format === 'geojson' ? featureItem(params) : xmlItem(params);
  const [open, between, close] = FRAME[format].map(literal);
  return `count(*)::int AS n,
    ${open} || coalesce(string_agg(concat(${item}), ${between} ORDER BY p.requested_at DESC, p.id DESC), '') || ${close} AS body`;
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
