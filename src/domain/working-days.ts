import Holidays from 'date-holidays';

/** Finnish working days are counted on the Helsinki calendar, whatever the server's zone. */
export const SLA_TIME_ZONE = 'Europe/Helsinki';

const DAY_MS = 86_400_000;

/**
 * Which days date-holidays (FI) lists that are days off. `public` are the statutory holidays
 * (New Year, Epiphany, Good Friday, Easter Sunday and Monday, May Day, Ascension, Whitsun,
 * Midsummer Day, All Saints' Day, Independence Day, Christmas Day, St Stephen's Day). Of the
 * `bank` days, Midsummer Eve and Christmas Eve are de facto days off in Finland (municipal
 * collective agreements give them off, city offices are closed), so they count too; New Year's
 * Eve is an ordinary working day in city offices, so it does not. `observance` days (Mother's
 * and Father's Day) always fall on a Sunday and change nothing.
 */
function isDayOff(holiday: { type: string; date: string }): boolean {
  if (holiday.type === 'public') return true;
  return holiday.type === 'bank' && holiday.date.slice(5, 10) !== '12-31';
}

let calendar: Holidays | undefined;
const holidaysByYear = new Map<number, ReadonlySet<string>>();

/** The year's days off as `YYYY-MM-DD` (Helsinki dates), computed once per year and kept. */
function daysOff(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year);
  if (days === undefined) {
    calendar ??= new Holidays('FI');
    days = new Set(
      calendar
        .getHolidays(year)
        .filter(isDayOff)
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, days);
  }
  return days;
}

const helsinkiClock = new Intl.DateTimeFormat('en-US', {
  timeZone: SLA_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Helsinki wall-clock time of an instant, read as if it were UTC (whole seconds). */
function wallClock(instant: number): number {
  const parts = helsinkiClock.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The Helsinki calendar day of an instant, as UTC midnight of that date (a plain civil date). */
function civilDay(instant: Date): number {
  const clock = wallClock(instant.getTime());
  return clock - (((clock % DAY_MS) + DAY_MS) % DAY_MS);
}

/**
 * The last millisecond of a civil day in Helsinki. The clocks change at 03:00/04:00 on a
 * Sunday, so the offset at midday is the offset at the end of the day. The formatter is built
 * once: creating Intl formatters is what would make this slow on the POST path.
 */
function endOfDay(day: number): Date {
  const midday = day + 10 * 3_600_000; // 12:00 or 13:00 in Helsinki
  const offset = wallClock(midday) - midday;
  return new Date(day + DAY_MS - offset - 1);
}

/** Whether a civil date (UTC midnight) is a Finnish working day: Monday to Friday, not a day off. */
function isWorkingDay(day: number): boolean {
  const date = new Date(day);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !daysOff(date.getUTCFullYear()).has(date.toISOString().slice(0, 10));
}

/**
 * The deadline of a "within N working days" promise (docs/domain-model.md §9): the end (last
 * millisecond, 23:59:59.999 Helsinki time) of the Nth working day after the day of receipt.
 * As in the Finnish Act on the computation of time limits (150/1930), the day of receipt itself
 * is not counted, so a request received on a Saturday, a holiday or late on a Friday has the
 * same deadline as one received on Friday morning: counting starts on the next working day.
 * With N = 0 the deadline is the end of the day of receipt if it is a working day, otherwise
 * the end of the next working day.
 */
export function addWorkingDays(instant: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number >= 0: ${days}`);
  let day = civilDay(instant);
  let left = days;
  if (left === 0) {
    while (!isWorkingDay(day)) day += DAY_MS;
  }
  while (left > 0) {
    day += DAY_MS;
    if (isWorkingDay(day)) left -= 1;
  }
  return endOfDay(day);
}
