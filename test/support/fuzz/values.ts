/**
 * Malformed inputs for the OpenAPI fuzz test (test/reliability/openapi-fuzz.test.ts): what
 * testers and fuzzers throw at a public API. URL values are raw, already percent-encoded
 * text (so invalid UTF-8 reaches the server as such); JSON values are written into the body
 * text as they are (so 1e309 arrives as a number literal, not as a string).
 */

/** Longer than every documented limit, within Node's 16 KiB request-header limit (a bigger URL is 431 before the app). */
const LONG_URL_TEXT = 'a'.repeat(8000);
const BIG = 100 * 1024;

export type Malformed = { label: string; raw: string };

const url = (label: string, raw = label): Malformed => ({ label, raw });

/** Values for path segments, query parameters and urlencoded body fields. */
export const URL_VALUES: readonly Malformed[] = [
  url('%00'),
  url('a%00b'),
  url('%01'),
  url('%0B'),
  url('%1B[31m'),
  url('%7F'),
  url('%C2%85'),
  url('%EF%BF%BE'),
  url('%EF%BF%BF'),
  url('%ED%A0%80'),
  url('%C3%28'),
  url('%FF%FE'),
  url('%E2%80%AE'),
  url('%'),
  url('%zz'),
  url('%2F..%2F..'),
  url('1e309'),
  url('-1e309'),
  url('99999999999999999999'),
  url('-99999999999999999999'),
  url('-1'),
  url('0'),
  url('1.5'),
  url('NaN'),
  url('Infinity'),
  url('0x10'),
  url('empty', ''),
  url('%20'),
  url("'%3B--"),
  url('%3Cx%2F%3E%26amp%3B'),
  url('8 kB', LONG_URL_TEXT),
  url('8 kB of multibyte', '%C3%A4'.repeat(1300)),
];

/** Values for form fields in a body: the URL values plus text far beyond any field limit. */
export const FORM_VALUES: readonly Malformed[] = [...URL_VALUES, url('100 kB', 'x'.repeat(BIG))];

/** JSON value literals, inserted into the body text verbatim. */
export const JSON_VALUES: readonly Malformed[] = [
  ...[
    '\u0000',
    'a\u0000b',
    '\u0001\u000b\u001b',
    '\u007f\u0085',
    '\ufffe',
    '\uffff',
    '\ud800',
    'a\udc00b',
    '\u202e',
    '',
    ' ',
    '1e309',
    '99999999999999999999',
    '-1',
    'NaN',
    '2026-02-30T25:61:61+99:00',
    '<x/>&amp;',
  ].map((text) => ({ label: `string ${JSON.stringify(text)}`, raw: JSON.stringify(text) })),
  { label: 'string of 100 kB', raw: JSON.stringify('x'.repeat(BIG)) },
  { label: 'string of 100 kB multibyte', raw: JSON.stringify('ä'.repeat(BIG / 2)) },
  ...[
    '1e309',
    '-1e309',
    '99999999999999999999',
    '-99999999999999999999',
    '-1',
    '0',
    '1.5',
    '-0',
    '1e-400',
    'true',
    'false',
    'null',
    '[]',
    '["a"]',
    '[null]',
    '{}',
    '{"$ne":1}',
    '{"\\u0000":"a"}',
    '[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
  ].map((raw) => ({ label: raw, raw })),
];

/** Fewer values for fields inside objects and lists: the same readers, reached once more. */
export const NESTED_JSON_VALUES: readonly Malformed[] = JSON_VALUES.filter((v) =>
  [
    'string "\\u0000"',
    'string "\\u0001\\u000b\\u001b"',
    'string "\\ud800"',
    'string of 100 kB',
    'string ""',
    '1e309',
    '99999999999999999999',
    '-1',
    'null',
    '[]',
    '{}',
    'true',
  ].includes(v.label),
);

/** Whole JSON bodies that are wrong as a whole rather than in one field. */
export const JSON_BODIES: readonly { label: string; body: Buffer | string; type: string }[] = [
  { label: 'not JSON', body: '{"a":', type: 'application/json' },
  { label: 'a JSON array', body: '[1,2]', type: 'application/json' },
  { label: 'a JSON string', body: '"x"', type: 'application/json' },
  { label: 'JSON null', body: 'null', type: 'application/json' },
  { label: 'nested 100 000 deep', body: `${'['.repeat(100000)}${']'.repeat(100000)}`, type: 'application/json' },
  {
    label: 'nested objects 5 000 deep',
    body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    type: 'application/json',
  },
  {
    label: 'invalid UTF-8 bytes',
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    type: 'application/json',
  },
  { label: 'a NUL byte', body: Buffer.from('{"a":"\u0000"}'), type: 'application/json' },
  { label: 'UTF-16 with a charset', body: Buffer.from('{"a":1}', 'utf16le'), type: 'application/json; charset=utf-16' },
  { label: 'an unknown charset', body: '{"a":1}', type: 'application/json; charset=x-klingon' },
  { label: 'a broken Content-Type', body: '{"a":1}', type: 'application/json; ===' },
  { label: 'text/plain', body: 'hello', type: 'text/plain' },
  { label: 'form data', body: 'a=1&b=%00', type: 'application/x-www-form-urlencoded' },
  { label: 'multipart without a boundary', body: '--x\r\n', type: 'multipart/form-data' },
];

/** Header values Node lets a client send (no control characters): odd, long and non-ASCII. */
export const HEADER_VALUES: readonly Malformed[] = [
  url('empty', ''),
  url('8 kB', LONG_URL_TEXT),
  url('latin-1 bytes', '\u00e4\u00f6\u00ff'),
  url('a list', 'fi,sv;q=x,*;q=-1,en;q=1e309'),
  url('Bearer', 'Bearer '),
  url('a JWT with alg none', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
];

/** Cookie values (after `name=`): the header values, percent-escapes, quotes, a second cookie and a well-shaped unknown secret. */
export const COOKIE_VALUES: readonly Malformed[] = [
  ...HEADER_VALUES.filter((v) => v.label !== 'Bearer' && v.label !== 'a JWT with alg none'),
  url('%00'),
  url('%'),
  url('%C3%28'),
  url('quoted', '"abc"'),
  url('a second cookie', 'a; palaute_session=b'),
  url('unknown but well-shaped', 'A'.repeat(43)),
];

/** mulberry32: a tiny seeded generator, so that a failing run can be repeated with the same FUZZ_SEED. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
