import { csvText } from '../../src/admin/statistics/csv';

/** The one data cell of a one-column CSV, unquoted (no quotes inside the values used here). */
function cell(value: unknown): string {
  const text = csvText([{ text: value }], ['text'], ',');
  expect(text.startsWith('\ufeff"text"\r\n"')).toBe(true);
  expect(text.endsWith('"\r\n')).toBe(true);
  return text.slice('\ufeff"text"\r\n"'.length, -'"\r\n'.length);
}

describe('CSV formula neutralisation', () => {
  it.each([
    ['=', '=HYPERLINK(x)'],
    ['+', '+1+2'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A9)'],
    ['tab', '\tpiilotettu'],
    ['CR', '\r=1+1'],
    ['full-width =', '\uff1d1+1'],
    ['full-width +', '\uff0b1'],
    ['full-width -', '\uff0d1+1'],
    ['full-width @', '\uff20SUM(A1)'],
    ['small =', '\ufe661+1'],
    ['small +', '\ufe621'],
    ['small -', '\ufe631+1'],
    ['small @', '\ufe6bSUM(A1)'],
    ['a leading space before =', ' =1+1'],
    ['a leading no-break space before full-width =', '\u00a0\uff1d1+1'],
    ['a leading zero-width space before =', '\u200b=1+1'],
    ['a leading byte order mark before @', '\ufeff@SUM(A1)'],
    ['a leading line feed before =', '\n=1+1'],
  ])('when a text cell starts with %s, then it gets an apostrophe and keeps the rest', (_what, value) => {
    expect(cell(value)).toBe(`'${value}`);
  });

  it.each([
    'Katuvalo ei pala',
    "'jo merkitty",
    '1-2',
    ' Kiitos',
    '\u00a0pysäkki',
    '\uff2b\uff49\uff49\uff54\uff4f\uff53',
    '',
  ])('when a text cell is "%s", then it is written as it is', (value) => {
    expect(cell(value)).toBe(value);
  });

  it('when a cell is a negative number, then it stays a number without an apostrophe', () => {
    expect(csvText([{ long: -25.104 }], ['long'], ',')).toBe('\ufeff"long"\r\n-25.104\r\n');
  });
});
