import { formatDateTime, parseDateParam, startOfZonedDay } from '../../src/domain/dates';

describe('parseDateParam', () => {
  it.each([
    ['2026-05-02T11:02:07+03:00', '2026-05-02T08:02:07.000Z'],
    ['2026-05-02T08:02:07Z', '2026-05-02T08:02:07.000Z'],
    ['2026-05-02T08:02:07.123z', '2026-05-02T08:02:07.123Z'],
    ['2026-05-02T11:02+0300', '2026-05-02T08:02:00.000Z'],
    ['2026-01-15', '2026-01-14T22:00:00.000Z'],
    ['2026-07-15', '2026-07-14T21:00:00.000Z'],
  ])('when given %s, then it is the instant %s (bare dates start at Helsinki midnight)', (input, expected) => {
    expect(parseDateParam('start_date', input, 'Europe/Helsinki').toISOString()).toBe(expected);
  });

  it('when a bare date ends a window, then the whole Helsinki day is included', () => {
    expect(parseDateParam('end_date', '2026-03-29', 'Europe/Helsinki', true).toISOString()).toBe(
      '2026-03-29T20:59:59.999Z',
    );
  });

  it.each(['2026-05-02T11:02:07', 'yesterday', '2026-13-01', '2026-02-29', '02.05.2026'])(
    'when given %s, then it is refused naming the parameter',
    (input) => {
      expect(() => parseDateParam('end_date', input, 'Europe/Helsinki')).toThrow(/^end_date "/);
    },
  );
});

describe('startOfZonedDay and formatDateTime', () => {
  it('when the day is the spring DST change, then midnight is still +02:00', () => {
    expect(startOfZonedDay(2026, 3, 29, 'Europe/Helsinki').toISOString()).toBe('2026-03-28T22:00:00.000Z');
  });

  it('when formatting, then seconds precision with Z', () => {
    expect(formatDateTime(new Date('2026-05-02T08:02:07.999Z'))).toBe('2026-05-02T08:02:07Z');
  });
});
