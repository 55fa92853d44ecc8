/**
 * Faithful TypeScript stand-ins for the parsers real Open311 clients run on our responses
 * (sources and commits in docs/clients.md). Each emulation is calibrated in
 * client-parsers.test.ts against answers shaped like the clients' own test fixtures and the
 * expectations their test suites state, so a failing compat test means our output, not the
 * emulation, is off.
 */
import { Parser } from 'xml2js';

/** What xml2js gives with explicitArray + emptyTag null: text, empty, or children by name. */
type RawNode = string | null | { [child: string]: RawNode[] };

/** A parsed value as a dynamic-language client sees it: string leaves, hashes, lists, nil. */
export type Dynamic = string | null | Dynamic[] | { [key: string]: Dynamic };
export type Hash = { [key: string]: Dynamic };

export function isHash(value: Dynamic | undefined): value is Hash {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a path of hash keys / list indexes; undefined where the path leads nowhere (Perl/Ruby nil). */
export function dig(value: Dynamic | undefined, ...path: (string | number)[]): Dynamic | undefined {
  let node: Dynamic | undefined = value;
  for (const step of path) {
    if (typeof step === 'number') node = Array.isArray(node) ? node[step] : undefined;
    else node = isHash(node) ? node[step] : undefined;
  }
  return node;
}

export function asHash(value: Dynamic | undefined, what: string): Hash {
  if (!isHash(value)) throw new Error(`${what} is not a hash: ${JSON.stringify(value)}`);
  return value;
}

export function asList(value: Dynamic | undefined, what: string): Dynamic[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list: ${JSON.stringify(value)}`);
  return value;
}

function parseRaw(xml: string): { root: string; node: RawNode } {
  let outcome: { error: Error } | { result: unknown } | undefined;
  const parser = new Parser({ explicitArray: true, explicitRoot: true, emptyTag: () => null });
  parser.parseString(xml, (error: Error | null, result: unknown) => {
    outcome = error ? { error } : { result };
  });
  if (outcome === undefined) throw new Error('xml2js did not parse synchronously');
  if ('error' in outcome) throw new Error(`malformed XML: ${outcome.error.message}`);
  const document = outcome.result as Record<string, RawNode>;
  const [root] = Object.keys(document);
  if (typeof document[root] === 'object' && document[root] !== null && '$' in (document[root] as object)) {
    throw new Error('attributes are not emulated: GeoReport XML has none');
  }
  return { root, node: document[root] };
}

// ------------------------------------------------------------------ Perl XML::Simple (FixMyStreet)

/**
 * The exact options FixMyStreet's Open311 client passes to XML::Simple in `_get_xml_object`
 * (mysociety/fixmystreet perllib/Open311.pm): ForceArray on the item names, GroupTags folding
 * `<attributes><attribute>` into `attributes => [...]`, KeyAttr {} (no folding by name/key/id),
 * SuppressEmpty undef (empty elements become undef). The root element is dropped (KeepRoot off).
 */
export const FIXMYSTREET_GROUP_TAGS: Readonly<Record<string, string>> = Object.freeze({
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  service_request_updates: 'request_update',
});

function xmlSimpleCollapse(
  node: RawNode,
  forceArray: ReadonlySet<string>,
  groupTags: Readonly<Record<string, string>>,
): Dynamic {
  if (node === null) return null; // SuppressEmpty => undef
  if (typeof node === 'string') return node;
  const hash: Hash = {};
  for (const [name, children] of Object.entries(node)) {
    const items = children.map((child) => xmlSimpleCollapse(child, forceArray, groupTags));
    hash[name] = items.length > 1 || forceArray.has(name) ? items : items[0];
  }
  for (const [key, value] of Object.entries(hash)) {
    const child = groupTags[key];
    if (child !== undefined && isHash(value) && Object.keys(value).length === 1 && child in value)
      hash[key] = value[child];
  }
  return hash;
}

/** `XML::Simple->new(ForceArray => [values %$group_tags], KeyAttr => {}, GroupTags => $group_tags, SuppressEmpty => undef)->parse_string($xml)` */
export function fixMyStreetXml(xml: string): Dynamic {
  const forceArray = new Set(Object.values(FIXMYSTREET_GROUP_TAGS));
  return xmlSimpleCollapse(parseRaw(xml).node, forceArray, FIXMYSTREET_GROUP_TAGS);
}

// ------------------------------------------------------- Ruby MultiXml, Python xml2dict (root kept)

function singleOrList(node: RawNode): Dynamic {
  if (node === null) return null;
  if (typeof node === 'string') return node;
  const hash: Hash = {};
  for (const [name, children] of Object.entries(node)) {
    const items = children.map(singleOrList);
    hash[name] = items.length > 1 ? items : items[0];
  }
  return hash;
}

const MULTI_XML_DISALLOWED_TYPES = ['symbol', 'yaml'];

function rejectDisallowedTypes(value: Dynamic): void {
  if (Array.isArray(value)) value.forEach(rejectDisallowedTypes);
  if (!isHash(value)) return;
  if (typeof value.type === 'string' && MULTI_XML_DISALLOWED_TYPES.includes(value.type)) {
    throw new Error(`MultiXml::DisallowedTypeError: ${value.type}`);
  }
  if (value.type === 'array') throw new Error('MultiXml would turn an element with <type>array</type> into a list');
  Object.values(value).forEach(rejectDisallowedTypes);
}

/**
 * Ruby `MultiXml.parse` as HTTParty (SeeClickFix validator) and faraday_middleware's ParseXml
 * (codeforamerica/open311 gem) use it: root kept, text leaves as strings (no typecasting without
 * a `type` attribute), empty elements nil, a repeated child becomes an Array but a single child
 * stays a Hash. A child element literally named `type` is read like Rails' type attribute, so
 * its values `symbol`, `yaml` and `array` would break parsing.
 */
export function rubyMultiXml(xml: string): Hash {
  const { root, node } = parseRaw(xml);
  const value = singleOrList(node);
  rejectDisallowedTypes(value);
  return { [root]: value };
}

/**
 * Python `xml2dict` (codeforamerica/Python-API-Module, used by codeforamerica/open311_python):
 * root kept; an element with non-blank text becomes that text, one without children None; a
 * repeated child becomes a list, a single child a dict.
 */
export function pythonXml2Dict(xml: string): Hash {
  const { root, node } = parseRaw(xml);
  const blankToNone = (value: Dynamic): Dynamic => {
    if (typeof value === 'string') return value.trim() === '' ? null : value;
    if (Array.isArray(value)) return value.map(blankToNone);
    if (isHash(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankToNone(v)]));
    return value;
  };
  return { [root]: blankToNone(singleOrList(node)) };
}

// ------------------------------------------------------------------------------ datetime parsers

/**
 * DateTime::Format::W3CDTF->parse_datetime (0.09), which FixMyStreet uses on
 * requested_datetime / updated_datetime: the module's regex, then DateTime->new's range
 * checks. Returns null where Perl would die. `hasZone` is false for "floating" times,
 * which FixMyStreet would silently read as local time.
 */
export function parseW3cdtf(text: string): { epochMs: number; hasZone: boolean } | null {
  const m =
    /^(\d\d\d\d)(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?(Z|[+-]\d\d:\d\d(?::\d\d)?)?)?)?)?$/.exec(
      text,
    );
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? (i <= 3 ? 1 : 0)));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 61) return null;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const [h, mm, ss] = zone.slice(1).split(':').map(Number);
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (h * 60 + mm + (ss ?? 0) / 60);
  }
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(m[7]) * 1000);
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60000;
  return { epochMs, hasZone: zone !== undefined };
}

/** DateTime::Format::W3CDTF->format_datetime of a UTC DateTime without nanoseconds. */
export function formatW3cdtfUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Ruby `Time.iso8601` (= `Time.xmlschema`, lib/time.rb), used by the SeeClickFix validator's
 * `validate_date_time`: date, `T`, time, optional fraction, optional zone (`Z` or ±hh[:]mm).
 * Returns the instant, or null where Ruby raises ArgumentError.
 */
export function parseRubyXmlschema(text: string): number | null {
  const m = /^\s*(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d(?::?\d\d)?)?\s*$/i.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(m[7]) * 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60000;
}

// ------------------------------------------------------------------------------ request bodies

/**
 * application/x-www-form-urlencoded as a client library writes it: every byte of a character
 * outside `safe` percent-encoded (UTF-8), spaces as `+`, pairs in the given order.
 */
export function formEncode(pairs: [string, string][], safe: RegExp): string {
  const escape = (text: string): string =>
    [...text]
      .map((ch) => {
        if (ch === ' ') return '+';
        if (safe.test(ch)) return ch;
        return [...Buffer.from(ch, 'utf8')]
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join('');
      })
      .join('');
  return pairs.map(([name, value]) => `${escape(name)}=${escape(value)}`).join('&');
}

/** Perl URI->query_form via HTTP::Request::Common POST (FixMyStreet): reserved chars incl. [ ] escaped. */
export const PERL_URI_SAFE = /^[A-Za-z0-9\-_.!~*'()]$/;
/** Faraday::Utils.escape (codeforamerica/open311 gem): only [a-zA-Z0-9_.-] left as is. */
export const FARADAY_SAFE = /^[a-zA-Z0-9_.-]$/;
/** Python urllib.urlencode → quote_plus (codeforamerica/open311_python). */
export const PYTHON_QUOTE_PLUS_SAFE = /^[A-Za-z0-9_.\-~]$/;

/**
 * Faraday::Utils.build_nested_query: a hash value becomes `name[key]`, an array `name[key][]`,
 * nil a bare name without `=` (what the Ruby gem sends for an unconfigured jurisdiction).
 */
export type RubyParam = string | null | string[] | { [key: string]: string | string[] };

export function faradayNestedQuery(params: [string, RubyParam][]): string {
  const parts: string[] = [];
  const escape = (text: string): string => formEncode([[text, '']], FARADAY_SAFE).slice(0, -1);
  for (const [name, value] of params) {
    if (value === null) parts.push(escape(name));
    else if (typeof value === 'string') parts.push(formEncode([[name, value]], FARADAY_SAFE));
    else if (Array.isArray(value)) value.forEach((v) => parts.push(formEncode([[`${name}[]`, v]], FARADAY_SAFE)));
    else {
      for (const [key, inner] of Object.entries(value)) {
        if (Array.isArray(inner))
          inner.forEach((v) => parts.push(formEncode([[`${name}[${key}][]`, v]], FARADAY_SAFE)));
        else parts.push(formEncode([[`${name}[${key}]`, inner]], FARADAY_SAFE));
      }
    }
  }
  return parts.join('&');
}
