import { normalizeText } from './normalize-text';
import { screenText } from './screen-text';
import type { ScreeningKind } from './types';

/** The submitter's own details a nickname is compared with (from the same POST). */
export type OwnDetails = { firstName: string | null; lastName: string | null; email: string | null };

const WHAT: Record<ScreeningKind, string> = {
  personal_identity_code: 'a personal identity code',
  iban: 'a bank account number',
  phone_number: 'a phone number',
  email: 'an e-mail address',
  payment_card: 'a payment card number',
};

/** More digits than this read as a number someone could be reached or identified by. */
const MAX_DIGITS = 5;

/** Words of a text as compared: normalised like the screening reads it, lower case, letters and digits only. */
const words = (text: string): string[] =>
  normalizeText(text)
    .text.toLocaleLowerCase('fi')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/**
 * Why a nickname may not be shown, or null when it may (docs/publication.md §2). A nickname is
 * public wherever its request is, so it is screened like the text (docs/privacy-gate.md §6) and
 * refused outright rather than redacted: an identity code, IBAN, card, e-mail address or phone
 * number, more than five digits, or a word of the submitter's own first name, last name or
 * e-mail address (the name the submitter gave is never public, not even as a nickname).
 */
export function nicknameProblem(nickname: string, own: OwnDetails): string | null {
  const hit = screenText(nickname)[0];
  if (hit !== undefined) return `nickname looks like ${WHAT[hit.kind]}: contact details are never shown`;
  const digits = normalizeText(nickname).text.replace(/\D/g, '').length;
  if (digits > MAX_DIGITS) return `nickname has more than ${MAX_DIGITS} digits: it could identify or reach you`;
  const ownWords = new Set([
    ...words(own.firstName ?? ''),
    ...words(own.lastName ?? ''),
    ...words((own.email ?? '').split('@')[0]).filter((word) => word.length >= 3),
  ]);
  if (words(nickname).some((word) => ownWords.has(word))) {
    return 'nickname must not contain your name or e-mail address: the nickname is public, they never are';
  }
  return null;
}
