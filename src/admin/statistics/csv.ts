import { Readable, pipeline } from 'node:stream';
import type { Context } from 'koa';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifyNow } from 'csv-stringify/sync';
import { STATISTICS_TIME_ZONE } from '../../repositories/admin/statistics-filter';
import type { Separator } from './statistics-query';

/**
 * How every CSV of the admin API is written (RFC 4180 with CRLF, a header line):
 * - a UTF-8 byte order mark, without which Excel reads "Käsitelty" as "KÃ¤sitelty";
 * - every text cell quoted, and a text cell starting with `=`, `+`, `-`, `@`, tab or CR (or
 *   their full-width forms) prefixed with an apostrophe (csv-stringify's `escape_formulas`),
 *   as OWASP's "CSV Injection" page recommends: residents write these texts, and a spreadsheet
 *   would otherwise run `=HYPERLINK(…)` or `@SUM(…)` as a formula on a handler's machine. The
 *   apostrophe is what spreadsheets themselves use to mark "text, not a formula"; numbers
 *   (negative coordinates) are not text and stay as they are;
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
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
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
