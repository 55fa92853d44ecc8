import fs from 'node:fs';
import path from 'node:path';
import { REDACTION_LABELS, redactText, screenText, type ScreeningKind } from '../../src/domain/screening';
import { normalizeText } from '../../src/domain/screening/normalize-text';

type Variant = { variant: string; kind: ScreeningKind; text: string; secret: string };
const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/screening/unicode-variants.json'), 'utf8'),
) as { variants: Variant[]; ordinary: string[] };

/** A small deterministic generator, so that a failing random case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('screenText: identifiers disguised with Unicode look-alikes', () => {
  it('when the fixture set is read, then it has at least 30 variants of every kind and each secret once', () => {
    expect(fixture.variants.length).toBeGreaterThanOrEqual(30);
    for (const kind of Object.keys(REDACTION_LABELS)) {
      expect(fixture.variants.filter((v) => v.kind === kind).length).toBeGreaterThanOrEqual(5);
    }
    for (const { text, secret } of fixture.variants) expect(text.split(secret)).toHaveLength(2);
  });

  it.each(fixture.variants.map((v) => [v.variant, v] as const))(
    'when the text holds an identifier written as: %s, then exactly that span of the original is one hit and is redacted',
    (_name, { kind, text, secret }) => {
      const start = text.indexOf(secret);
      expect(screenText(text)).toEqual([{ kind, start, end: start + secret.length }]);
      expect(redactText(text, screenText(text), 'fi')).toBe(text.replace(secret, REDACTION_LABELS[kind].fi));
    },
  );

  it.each(fixture.ordinary)('when ordinary text with Unicode typography is "%s", then there is no hit', (text) => {
    expect(screenText(text)).toEqual([]);
  });

  it('when an identifier sits between random invisible characters, spaces and punctuation, then only it is redacted', () => {
    const filler = [
      ' ',
      '\u00a0',
      '\u202f',
      '\u200b',
      '\u00ad',
      '\ufeff',
      '\u3000',
      '\uff0c',
      '\u300c',
      ', ',
      '\n',
      '\u201d',
      '!',
    ];
    const next = random(311);
    const pick = () => filler[Math.floor(next() * filler.length)];
    for (let round = 0; round < 300; round += 1) {
      const { kind, secret } = fixture.variants[Math.floor(next() * fixture.variants.length)];
      const before = `Tieto ${pick()}${pick()}`;
      const after = `${pick()}${pick()} loppu.`;
      const text = before + secret + after;
      const label = REDACTION_LABELS[kind].en;
      expect([secret, redactText(text, screenText(text), 'en')]).toEqual([secret, before + label + after]);
    }
  });
});

describe('normalizeText', () => {
  it.each([
    ['full-width digits and letters (one unit each)', 'Ｔ１３', 'T13'],
    [
      'no-break, narrow no-break, thin, figure and ideographic spaces',
      'a\u00a0b\u202fc\u2009d\u2007e\u3000f',
      'a b c d e f',
    ],
    [
      'hyphens, dashes and the minus sign',
      '1\u20102\u20113\u20124\u20135\u20146\u22127\ufe638\uff0d9',
      '1-2-3-4-5-6-7-8-9',
    ],
    [
      'format characters (ZWSP, ZWJ, word joiner, soft hyphen, BOM, LRM)',
      '1\u200b2\u200d3\u20604\u00ad5\ufeff6\u200e7',
      '1234567',
    ],
    ['mathematical bold digits (two units become one)', '\ud835\udfcf\ud835\udfd0', '12'],
    ['Arabic-Indic and Devanagari digits', '\u0661\u0669\u0660 \u0967\u096f', '190 19'],
    ['a ligature (one unit becomes two)', '\ufb01x', 'fix'],
    ['a decomposed letter (two units become one)', 'a\u0308', '\u00e4'],
    ['a variation selector and a keycap on digits', '1\ufe0f\u20e32', '12'],
  ])('when the text has %s, then screening reads the plain form', (_what, original, expected) => {
    expect(normalizeText(original).text).toBe(expected);
  });

  it('when any text is normalised, then every unit maps to the original piece it was made from, in order', () => {
    const alphabet = [
      'a',
      '1',
      ' ',
      '\u00a0',
      '\u200b',
      '\uff11',
      '\ufb01',
      'a\u0308',
      '\ud835\udfcf',
      '\u2013',
      '@',
      '\u0301',
    ];
    const next = random(97);
    for (let round = 0; round < 300; round += 1) {
      const original = Array.from(
        { length: 1 + Math.floor(next() * 12) },
        () => alphabet[Math.floor(next() * 12)],
      ).join('');
      const { text, start, end } = normalizeText(original);
      expect([start.length, end.length]).toEqual([text.length, text.length]);
      for (let i = 0; i < text.length; i += 1) {
        expect(start[i]).toBeLessThan(end[i]);
        if (i > 0) expect([start[i] >= start[i - 1], end[i] >= end[i - 1]]).toEqual([true, true]);
        expect(normalizeText(original.slice(start[i], end[i])).text).toContain(text[i]);
      }
    }
  });
});
