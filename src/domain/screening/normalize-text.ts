import { type ScreeningHit } from './types';

/**
 * A text as screening reads it, with a map back to the text the resident wrote: unit `i` of
 * `text` came from `original.slice(start[i], end[i])`. Both arrays are non-decreasing.
 */
export type NormalizedText = { text: string; start: readonly number[]; end: readonly number[] };

/**
 * A base character with the combining marks that follow it (or a run of marks with no base).
 * Pieces cover the whole text, and each is normalised on its own, so every unit of the result
 * belongs to exactly one piece of the original.
 */
const PIECE = /\P{M}\p{M}*|\p{M}+/gu;

/** Invisible format characters (ZWSP, ZWJ, word joiner, soft hyphen, BOM, bidi marks): dropped. */
const FORMAT = /\p{Cf}/u;
/** Spaces that NFKC leaves alone (e.g. U+1680); the rest it already turns into U+0020. */
const SPACE = /\p{Zs}/u;
/** Hyphens and dashes (en, em, figure dash, non-breaking hyphen …) and minus signs read as "-". */
const DASH = /[\p{Pd}\u2212\u2796\u02d7\u2043]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
const MARKS = /\p{M}/gu;
const STARTS_WITH_LETTER = /^\p{L}/u;
const ASCII = /^[\0-\x7f]*$/;

/**
 * The value of a decimal digit of any script (Arabic-Indic, Devanagari …), which NFKC keeps.
 * Unicode encodes every decimal digit set as ten consecutive code points from zero, so the
 * digit's offset from the start of its run, modulo ten, is its value.
 */
function asciiDigit(char: string): string {
  const codePoint = char.codePointAt(0) as number;
  let zero = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return String((codePoint - zero) % 10);
}

function foldChar(char: string): string {
  if (char < '\x80') return char;
  if (FORMAT.test(char)) return '';
  if (SPACE.test(char)) return ' ';
  if (DASH.test(char)) return '-';
  if (DECIMAL_DIGIT.test(char)) return asciiDigit(char);
  return char;
}

/**
 * NFKC (full-width and other compatibility forms to plain ones: `１` → `1`, `＠` → `@`, no-break
 * and thin spaces → space, `ﬁ` → `fi`), then the folds above. Marks on a non-letter (a variation
 * selector or an underline on a digit) are decoration and dropped; marks on letters are kept.
 */
function foldPiece(piece: string): string {
  if (piece.length === 1 && piece < '\x80') return piece;
  let folded = piece.normalize('NFKC');
  if (!STARTS_WITH_LETTER.test(folded)) folded = folded.replace(MARKS, '');
  let result = '';
  for (const char of folded) result += foldChar(char);
  return result;
}

/**
 * Normalises a text for screening, so that personal data written with look-alike characters
 * (full-width digits, U+2013 or U+2212 as a separator, a zero-width space or soft hyphen inside,
 * no-break spaces between groups) is recognised like the plain form. The stored text is never
 * changed: hits found here are mapped back with `toOriginalHit`.
 */
export function normalizeText(original: string): NormalizedText {
  if (ASCII.test(original)) {
    const offsets = Array.from({ length: original.length + 1 }, (_, i) => i);
    return { text: original, start: offsets.slice(0, -1), end: offsets.slice(1) };
  }
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  for (const match of original.matchAll(PIECE)) {
    const folded = foldPiece(match[0]);
    const pieceEnd = match.index + match[0].length;
    for (let i = 0; i < folded.length; i += 1) {
      start.push(match.index);
      end.push(pieceEnd);
    }
    text += folded;
  }
  return { text, start, end };
}

/**
 * The span of the original text that a hit on the normalised text came from: from the start of
 * the piece that produced its first unit to the end of the piece that produced its last. It
 * covers every original character that contributed to the hit (a piece that expanded, such as
 * `ﬁ`, is taken whole), and invisible characters inside the hit go with it.
 */
export function toOriginalHit(normalized: NormalizedText, hit: ScreeningHit): ScreeningHit {
  return { kind: hit.kind, start: normalized.start[hit.start], end: normalized.end[hit.end - 1] };
}
