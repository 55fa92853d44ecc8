import { type ScreeningHit } from './types';

/** The 2023 reform (Act 128/2022) added Y X W V U for the 1900s and B–F for the 2000s. */
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/**
 * DDMMYY, century sign, individual number, check character. Lower case is accepted too: people
 * type identity codes into free text by hand, and a lower-case code is the same personal data;
 * the checksum and the calendar check keep chance matches as rare as for upper case. A `-` or
 * `+` sign may stand between spaces ("131052 - 308T"), as it does when typed like a dash.
 */
const CANDIDATE = /(?<![\p{L}\p{N}])\d{6}(?: {0,2}[-+] {0,2}|[A-FU-Y])\d{3}[0-9A-Y](?![\p{L}\p{N}])/giu;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Validates a Finnish personal identity code (henkilötunnus) as specified by the Digital and
 * Population Data Services Agency: a real birth date for the century sign, individual number
 * 002–999 (900–999 are temporary codes, accepted) and the mod-31 check character.
 */
export function isValidPersonalIdentityCode(code: string): boolean {
  const match = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(code.toUpperCase());
  if (!match) return false;
  const [, dd, mm, yy, sign, individual, check] = match;
  const century = CENTURY_BY_SIGN[sign];
  if (century === undefined || Number(individual) < 2) return false;
  if (!isCalendarDate(century + Number(yy), Number(mm), Number(dd))) return false;
  return CHECK_CHARS[Number(`${dd}${mm}${yy}${individual}`) % 31] === check;
}

/** Finds valid identity codes that stand alone (not inside a longer run of letters or digits). */
export function findPersonalIdentityCodes(text: string): ScreeningHit[] {
  const hits: ScreeningHit[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    if (isValidPersonalIdentityCode(match[0].replace(/ /g, ''))) {
      hits.push({ kind: 'personal_identity_code', start: match.index, end: match.index + match[0].length });
    }
  }
  return hits;
}
