import type * as Ibantools from 'ibantools' with { 'resolution-mode': 'import' };
import { isStandalone } from './token-boundary';
import { type ScreeningHit } from './types';

// ibantools ships ESM-only type declarations; its CommonJS build is what runs here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } = require('ibantools') as typeof Ibantools;

/** Where an IBAN can begin: country code and check digits, not glued to a preceding word. */
const IBAN_START = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}/giu;

const ALNUM = /^[0-9A-Za-z]$/;
const GROUP_SEPARATOR = /^[ -]$/;

const COUNTRY_LENGTHS = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([country, spec]) =>
    spec.chars ? [[country, spec.chars] as const] : [],
  ),
);

/**
 * Reads `length` letters and digits from `start`, allowing one space or hyphen between characters
 * (paper format groups of four, or any grouping people type). Returns the end offset, or -1 when the
 * run stops early.
 */
function readIbanEnd(text: string, start: number, length: number): number {
  let count = 0;
  let index = start;
  while (count < length && index < text.length) {
    const char = text.charAt(index);
    if (ALNUM.test(char)) count += 1;
    else if (!GROUP_SEPARATOR.test(char) || !ALNUM.test(text.charAt(index + 1))) return -1;
    index += 1;
  }
  return count === length ? index : -1;
}

/**
 * Finds IBANs whose mod-97 check and national BBAN format pass (ibantools), written compact or
 * grouped. The country's IBAN length decides where the number ends, so text that follows the
 * number (a year, an amount) does not spoil the match.
 */
export function findIbans(text: string): ScreeningHit[] {
  const hits: ScreeningHit[] = [];
  for (const match of text.matchAll(IBAN_START)) {
    const length = COUNTRY_LENGTHS.get(match[0].slice(0, 2).toUpperCase());
    if (length === undefined) continue;
    const end = readIbanEnd(text, match.index, length);
    if (end < 0 || !isStandalone(text, match.index, end)) continue;
    const electronic = electronicFormatIBAN(text.slice(match.index, end));
    if (electronic && isValidIBAN(electronic)) hits.push({ kind: 'iban', start: match.index, end });
  }
  return hits;
}
