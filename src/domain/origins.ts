/**
 * The origins a browser key is bound to (docs/api.md, "Browser keys"). A pattern is either an
 * exact origin `scheme://host[:port]` or a port wildcard `scheme://host:*` (any port on that
 * host, and none). The scheme is http or https; no path, query, fragment or user name. Patterns
 * are stored normalised as browsers write the `Origin` header: lower case, IDN hosts in
 * punycode, the scheme's default port left out, IPv6 in brackets.
 */

/** At most this many origins per key: a key serves a few sites, not a directory of them. */
export const MAX_ORIGINS = 50;
/** Longest pattern accepted: a host name is at most 253 characters. */
export const MAX_ORIGIN_LENGTH = 300;

const SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([\s\S]*)$/;
const EXAMPLE = 'write scheme://host[:port], e.g. https://www.kerava.fi or http://localhost:*';

type Parsed = { pattern: string; wildcard: boolean } | { problem: string };

/** Reads one pattern; a problem names the text and says what to write instead. */
export function parseOriginPattern(text: string): Parsed {
  if (text.length > MAX_ORIGIN_LENGTH) return { problem: `an origin has at most ${MAX_ORIGIN_LENGTH} characters` };
  const shape = SHAPE.exec(text);
  if (shape === null) return { problem: `"${text}" is not an origin: ${EXAMPLE}` };
  const [, rawScheme, rawAuthority, rest] = shape;
  const scheme = rawScheme.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { problem: `"${text}": the scheme must be http or https` };
  if (rest !== '') {
    return {
      problem: `"${text}" has a path, query or fragment; an origin has none: write ${scheme}://${rawAuthority}`,
    };
  }
  if (rawAuthority.includes('@')) return { problem: `"${text}": an origin has no user name or password` };
  const wildcard = rawAuthority.endsWith(':*');
  const authority = wildcard ? rawAuthority.slice(0, -2) : rawAuthority;
  if (authority.includes('*')) {
    return { problem: `"${text}": a wildcard may only stand for the whole port, as in http://localhost:*` };
  }
  if (authority === '' || authority.startsWith(':')) return { problem: `"${text}" has no host: ${EXAMPLE}` };
  if (wildcard && /:\d*$/.test(authority)) return { problem: `"${text}": give either a port or :*, not both` };
  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}`);
  } catch {
    return { problem: `"${text}": "${authority}" is not a valid host[:port]` };
  }
  return wildcard ? { pattern: `${url.protocol}//${url.hostname}:*`, wildcard } : { pattern: url.origin, wildcard };
}

/**
 * Checks a whole list (admin body or command line): every problem at once, each naming its
 * origin; duplicates after normalisation are dropped. The caller prefixes the field name.
 */
export function checkOriginPatterns(texts: readonly string[]): { patterns: string[]; problems: string[] } {
  const problems: string[] = [];
  const patterns: string[] = [];
  if (texts.length === 0) problems.push(`give at least one origin (${EXAMPLE})`);
  if (texts.length > MAX_ORIGINS) problems.push(`at most ${MAX_ORIGINS} origins per key, got ${texts.length}`);
  for (const text of texts) {
    const parsed = parseOriginPattern(text);
    if ('problem' in parsed) problems.push(parsed.problem);
    else if (!patterns.includes(parsed.pattern)) patterns.push(parsed.pattern);
  }
  return { patterns, problems };
}

/** The `Origin` header normalised, or null for `null`, a wildcard or anything else malformed. */
export function requestOrigin(header: string): { origin: string; hostPattern: string } | null {
  const parsed = parseOriginPattern(header);
  if ('problem' in parsed || parsed.wildcard) return null;
  const url = new URL(parsed.pattern);
  return { origin: parsed.pattern, hostPattern: `${url.protocol}//${url.hostname}:*` };
}

/** Whether a request's `Origin` header is one of the patterns: exactly, or by its host's port wildcard. */
export function originAllowed(patterns: readonly string[], header: string): boolean {
  const origin = requestOrigin(header);
  return origin !== null && (patterns.includes(origin.origin) || patterns.includes(origin.hostPattern));
}
