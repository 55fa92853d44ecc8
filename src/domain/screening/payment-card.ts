import { type ScreeningHit } from './types';

/**
 * Card numbers as printed or typed: four groups of four (Visa, Mastercard; up to three more
 * digits for 19-digit Visa), Amex 4-6-5, or one unbroken run. One separator kind per number.
 */
const CANDIDATE =
  /(?<![\p{L}\p{N}])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5}|\d{13,19})(?![\p{L}\p{N}])/gu;

/** Issuer prefixes with the lengths each scheme issues; other schemes are rare in Finland. */
const SCHEMES: readonly { prefix: RegExp; lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
];

/** The Luhn (mod 10) check every payment card number carries. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function isCardNumber(digits: string): boolean {
  const scheme = SCHEMES.find(({ prefix }) => prefix.test(digits));
  return scheme !== undefined && scheme.lengths.includes(digits.length) && passesLuhn(digits);
}

/**
 * Finds Visa, Mastercard and Amex numbers: the layout, the issuer prefix with its length and the
 * Luhn check must all agree, which keeps long order numbers and reference numbers out.
 */
export function findPaymentCards(text: string): ScreeningHit[] {
  const hits: ScreeningHit[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    if (isCardNumber(match[0].replace(/[ -]/g, ''))) {
      hits.push({ kind: 'payment_card', start: match.index, end: match.index + match[0].length });
    }
  }
  return hits;
}
