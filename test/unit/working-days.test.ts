import { addWorkingDays } from '../../src/domain/working-days';

/** The deadline as the Helsinki wall-clock time it stands for, e.g. "2026-04-10 23:59:59.999". */
const helsinki = (instant: Date): string =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  })
    .format(instant)
    .replace(',', '.');

const deadline = (received: string, days: number): string => helsinki(addWorkingDays(new Date(received), days));

describe('addWorkingDays: ordinary weeks', () => {
  it('when received on a Wednesday with 5 days, then the deadline is the end of next Wednesday', () => {
    expect(deadline('2026-03-04T10:00:00+02:00', 5)).toBe('2026-03-11 23:59:59.999');
  });

  it('when received on a Friday with 5 days, then the weekend is skipped and the deadline is next Friday', () => {
    expect(deadline('2026-03-06T16:30:00+02:00', 5)).toBe('2026-03-13 23:59:59.999');
  });

  it('when received on a Saturday or Sunday, then counting starts on Monday (same deadline as Friday)', () => {
    expect(deadline('2026-03-07T09:00:00+02:00', 5)).toBe('2026-03-13 23:59:59.999');
    expect(deadline('2026-03-08T23:00:00+02:00', 5)).toBe('2026-03-13 23:59:59.999');
  });

  it('when the deadline instant is read back, then it is 23:59:59.999 Helsinki time as UTC', () => {
    expect(addWorkingDays(new Date('2026-03-04T10:00:00+02:00'), 5).toISOString()).toBe('2026-03-11T21:59:59.999Z');
    expect(addWorkingDays(new Date('2026-06-01T10:00:00+03:00'), 2).toISOString()).toBe('2026-06-03T20:59:59.999Z');
  });

  it('when received late in the evening in Helsinki but still the previous day in UTC, then the Helsinki day counts', () => {
    // 2026-03-26T22:30Z is Friday 00:30 in Helsinki: the next working day is Monday.
    expect(deadline('2026-03-26T22:30:00Z', 1)).toBe('2026-03-30 23:59:59.999');
    // One minute before Helsinki midnight is still Thursday: the next working day is Friday.
    expect(deadline('2026-03-26T21:59:00Z', 1)).toBe('2026-03-27 23:59:59.999');
  });
});

describe('addWorkingDays: Finnish holidays', () => {
  it('when Easter falls within the period, then Good Friday and Easter Monday are skipped', () => {
    // 2026: Good Friday 3 April, Easter Monday 6 April.
    expect(deadline('2026-04-01T10:00:00+03:00', 5)).toBe('2026-04-10 23:59:59.999');
    expect(deadline('2026-04-02T10:00:00+03:00', 1)).toBe('2026-04-07 23:59:59.999');
  });

  it('when Midsummer falls within the period, then Midsummer Eve (Friday) is skipped like Midsummer Day', () => {
    // 2026: Midsummer Eve Friday 19 June, Midsummer Day Saturday 20 June.
    expect(deadline('2026-06-17T10:00:00+03:00', 5)).toBe('2026-06-25 23:59:59.999');
    expect(deadline('2026-06-18T10:00:00+03:00', 1)).toBe('2026-06-22 23:59:59.999');
  });

  it('when Christmas and New Year fall within the period, then Eve, Day, St Stephen and New Year are skipped but New Year’s Eve is worked', () => {
    // 2025: Christmas Eve Wed, Christmas Day Thu, St Stephen's Day Fri; New Year's Eve Wed 31 Dec is
    // a working day; New Year's Day Thu 1 Jan 2026.
    expect(deadline('2025-12-22T10:00:00+02:00', 5)).toBe('2026-01-02 23:59:59.999');
    expect(deadline('2025-12-23T10:00:00+02:00', 1)).toBe('2025-12-29 23:59:59.999');
    expect(deadline('2025-12-30T10:00:00+02:00', 1)).toBe('2025-12-31 23:59:59.999');
    expect(deadline('2025-12-31T10:00:00+02:00', 1)).toBe('2026-01-02 23:59:59.999');
  });

  it('when Independence Day falls on a weekday, then it is skipped', () => {
    // 2028: 6 December is a Wednesday.
    expect(deadline('2028-12-04T10:00:00+02:00', 2)).toBe('2028-12-07 23:59:59.999');
  });

  it('when May Day, Ascension Day or Epiphany fall on a weekday, then they are skipped', () => {
    // 2026: May Day Friday 1 May, Ascension Thursday 14 May, Epiphany Tuesday 6 January.
    expect(deadline('2026-04-30T10:00:00+03:00', 1)).toBe('2026-05-04 23:59:59.999');
    expect(deadline('2026-05-13T10:00:00+03:00', 1)).toBe('2026-05-15 23:59:59.999');
    expect(deadline('2026-01-05T10:00:00+02:00', 1)).toBe('2026-01-07 23:59:59.999');
  });

  it('when received on a holiday, then counting starts on the next working day', () => {
    expect(deadline('2026-04-03T12:00:00+03:00', 5)).toBe('2026-04-13 23:59:59.999');
  });
});

describe('addWorkingDays: daylight saving time', () => {
  it('when the period crosses the spring change (29 March 2026), then the deadline is 23:59:59.999 in summer time', () => {
    const result = addWorkingDays(new Date('2026-03-27T12:00:00+02:00'), 1);
    expect(result.toISOString()).toBe('2026-03-30T20:59:59.999Z');
    expect(helsinki(result)).toBe('2026-03-30 23:59:59.999');
  });

  it('when the period crosses the autumn change (25 October 2026), then the deadline is 23:59:59.999 in winter time', () => {
    const result = addWorkingDays(new Date('2026-10-23T12:00:00+03:00'), 1);
    expect(result.toISOString()).toBe('2026-10-26T21:59:59.999Z');
    expect(helsinki(result)).toBe('2026-10-26 23:59:59.999');
  });
});

describe('addWorkingDays: zero days and bad input', () => {
  it('when 0 days and received on a working day, then the deadline is the end of that day', () => {
    expect(deadline('2026-03-04T10:00:00+02:00', 0)).toBe('2026-03-04 23:59:59.999');
  });

  it('when 0 days and received on a weekend or holiday, then the deadline is the end of the next working day', () => {
    expect(deadline('2026-03-07T10:00:00+02:00', 0)).toBe('2026-03-09 23:59:59.999');
    expect(deadline('2026-04-03T10:00:00+03:00', 0)).toBe('2026-04-07 23:59:59.999');
  });

  it('when the days are negative or fractional, then it throws', () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
  });
});
