import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text stored before the input rule (docs/api.md, "Text that comes in") may hold C0 controls other than
 * TAB, LF and CR, or U+FFFE/U+FFFF, which XML 1.0 cannot carry: such a description made the RSS
 * and Atom feeds fail. This removes them from the free-text columns that residents and handlers
 * wrote (request texts, contact details, history notes, attribute answers, catalogue wording),
 * so every output carries the same text. PostgreSQL already refuses NUL and lone surrogates.
 * Codes and e-mail addresses under unique indexes, and the audit logs, are left as recorded.
 * Only rows that hold such a character are read and rewritten.
 */
/* eslint-disable no-control-regex */
const DISALLOWED = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/* eslint-enable no-control-regex */
// The same characters as PostgreSQL regular expressions: in text as themselves; in jsonb's text
// form as \uXXXX, \b or \f escapes (a false match, e.g. an escaped backslash, is merely re-checked).
const TEXT_PATTERN = '[\u0001-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]';
const JSON_PATTERN = '\\\\u00[01][0-9a-fA-F]|\\\\[bf]|[\uFFFE\uFFFF]';

type Columns = { table: string; key: string; text?: string[]; json?: string[]; arrays?: string[] };

const COLUMNS: Columns[] = [
  {
    table: 'service_request',
    key: 'id',
    text: [
      'title_original',
      'description_original',
      'title_public',
      'description_public',
      'status_notes',
      'agency_responsible',
      'service_notice',
      'address',
      'address_id',
      'zipcode',
    ],
    json: ['attributes'],
    arrays: ['media_urls'],
  },
  {
    table: 'request_contact',
    key: 'request_id',
    text: [
      'email',
      'phone',
      'first_name',
      'last_name',
      'account_id',
      'device_id',
      'resident_issuer',
      'resident_subject',
    ],
  },
  { table: 'request_event', key: 'id', text: ['note', 'actor'], json: ['data'] },
  { table: 'jurisdiction', key: 'id', json: ['names'] },
  { table: 'department', key: 'id', json: ['names'] },
  { table: 'service', key: 'id', json: ['names', 'descriptions', 'groups', 'keywords'] },
  { table: 'service_attribute', key: 'id', json: ['descriptions', 'datatype_descriptions', 'values'] },
  { table: 'handler', key: 'id', text: ['name'] },
  { table: 'handler_credential', key: 'id', text: ['label'] },
  { table: 'application', key: 'id', text: ['name'] },
  { table: 'outbox', key: 'id', text: ['recipient', 'subject', 'body'] },
];

function strip(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(DISALLOWED, '');
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [strip(key), strip(item)]));
  }
  return value;
}

async function stripTable(q: QueryRunner, spec: Columns): Promise<void> {
  const text = spec.text ?? [];
  const json = spec.json ?? [];
  const arrays = spec.arrays ?? [];
  const columns = [...text, ...json, ...arrays];
  const patterns: string[] = [];
  const parameter = (pattern: string) => `$${patterns.push(pattern)}`;
  const where = [
    ...text.map((c) => `"${c}" ~ ${parameter(TEXT_PATTERN)}`),
    ...json.map((c) => `"${c}"::text ~ ${parameter(JSON_PATTERN)}`),
    ...arrays.map((c) => `array_to_string("${c}", ' ') ~ ${parameter(TEXT_PATTERN)}`),
  ].join(' OR ');
  const rows: Record<string, unknown>[] = await q.query(
    `SELECT "${spec.key}" AS key, ${columns.map((c) => `"${c}"`).join(', ')} FROM "${spec.table}" WHERE ${where}`,
    patterns,
  );
  const set = columns.map((c, i) => `"${c}" = $${i + 2}${json.includes(c) ? '::jsonb' : ''}`).join(', ');
  for (const row of rows) {
    const values = columns.map((c) => (json.includes(c) ? JSON.stringify(strip(row[c])) : strip(row[c])));
    await q.query(`UPDATE "${spec.table}" SET ${set} WHERE "${spec.key}" = $1`, [row.key, ...values]);
  }
}

export class StripControlCharacters1764200000000 implements MigrationInterface {
  name = 'StripControlCharacters1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const spec of COLUMNS) await stripTable(q, spec);
  }

  /** The removed characters are not kept anywhere: nothing to restore. */
  async down(): Promise<void> {}
}
