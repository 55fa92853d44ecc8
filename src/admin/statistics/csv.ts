import { Readable, pipeline } from 'node:stream';
import type { Context } from 'koa';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifyNow } from 'csv-stringify/sync';
import { STATISTICS_TIME_ZONE } from '../../repositories/admin/statistics-filter';
import type { Separator } from './statistics-query';

/** A cell starting with one of these is read as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Spaces, line breaks and invisible format characters that a spreadsheet may skip or trim. */
const LEADING_IGNORABLE = /^[\p{Zs}\p{Cf}\n]+/u;

/**
 * Prefixes an apostrophe to text that a spreadsheet would run as a formula: one that starts with
 * `=`, `+`, `-`, `@`, tab or CR, also after leading spaces or invisible characters, and also in
 * a compatibility form that NFKC turns into one of those (full-width `＝＋－＠`, small `﹦﹢﹣﹫`),
 * because some spreadsheets normalise such characters before deciding. The apostrophe is
 * what spreadsheets themselves use to mark "text, not a formula".
 */
export function neutralizeFormula(value: string): string {
  if (FORMULA_START.test(value)) return `'${value}`;
  const first = value.replace(LEADING_IGNORABLE, '').slice(0, 2).normalize('NFKC');
  return FORMULA_START.test(first) ? `'${value}` : value;
}

/**
 * How every CSV of the admin API is written (RFC 4180 with CRLF, a header line):
 * - a UTF-8 byte order mark, without which Excel reads "Käsitelty" as "KÃ¤sitelty";
 * - every text cell quoted and passed through `neutralizeFormula`: residents write these texts,
 *   and a spreadsheet would otherwise run `=HYPERLINK(…)` or `@SUM(…)` on a handler's machine.
 *   Numbers (negative coordinates) are not text and stay as they are;
 * - booleans as `true`/`false`, null as an empty cell.
 */
function csvOptions(columns: readonly string[], separator: Separator): Options {
  return {
    bom: true,
    header: true,
    columns: [...columns],
    delimiter: separator,
    record_delimiter: '\r\n',
    quoted_string: true,
    cast: { boolean: (value) => (value ? 'true' : 'false'), string: neutralizeFormula },
  };
}

/** A whole (small) CSV document at once. */
export function csvText(rows: Record<string, unknown>[], columns: readonly string[], separator: Separator): string {
  return stringifyNow(rows, csvOptions(columns, separator));
}

/**
 * A CSV stream of `rows`, written as the client reads: back-pressure reaches the row source,
 * and a client that goes away destroys it (the generator's `finally` runs, no more batches).
 */
export function csvStream(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: readonly string[],
  separator: Separator,
  onError: (error: Error) => void,
): Readable {
  const stringifier = stringify(csvOptions(columns, separator));
  pipeline(Readable.from(rows), stringifier, (error) => {
    if (
      error &&
      error.name !== 'AbortError' &&
      (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE'
    ) {
      onError(error);
    }
  });
  return stringifier;
}

const today = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: STATISTICS_TIME_ZONE }).format(new Date());

/** Marks the response a CSV download named `<name>-<Helsinki date>.csv`. */
export function sendCsv(ctx: Context, name: string, body: string | Readable): void {
  ctx.type = 'text/csv; charset=utf-8';
  ctx.set('Content-Disposition', `attachment; filename="${name}-${today()}.csv"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}
