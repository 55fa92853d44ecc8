import { badRequest } from './errors';

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Midnight at the start of a calendar day in a time zone (Finland: +02:00 or +03:00). */
export function startOfZonedDay(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - zoneOffset(guess, timeZone);
  return new Date(guess - zoneOffset(first, timeZone));
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Parses a W3C datetime input leniently (docs/open311-dialect.md §5.2): `Z` or an offset, optional seconds and
 * fractions, or a bare date (that whole day in `timeZone`; `endOfDay` picks its last millisecond).
 */
export function parseDateParam(name: string, value: string, timeZone: string, endOfDay = false): Date {
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [y, m, d] = dateOnly.slice(1).map(Number);
    if (!validCalendarDate(y, m, d)) throw badRequest(`${name} "${value}" is not a real date`);
    const start = startOfZonedDay(y, m, d, timeZone);
    if (!endOfDay) return start;
    const next = startOfZonedDay(y, m, d + 1, timeZone);
    return new Date(next.getTime() - 1);
  }
  const match = DATETIME.exec(value);
  const parsed = match ? new Date(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
  if (
    !match ||
    parsed === null ||
    Number.isNaN(parsed.getTime()) ||
    !validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
  ) {
    throw badRequest(
      `${name} "${value}" is not a W3C datetime with a time zone, e.g. 2026-05-02T11:02:07+03:00 or 2026-05-02`,
    );
  }
  return parsed;
}

/** W3C datetime in UTC with seconds precision, the form every datetime leaves in. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
