import { findEmails } from './email';
import { findIbans } from './iban';
import { mergeHits } from './merge-hits';
import { findPaymentCards } from './payment-card';
import { findPersonalIdentityCodes } from './personal-identity-code';
import { findPhoneNumbers } from './phone-number';
import { type ScreeningHit } from './types';

/**
 * Screens a request's title or description for personal data that must not be auto-published:
 * identity codes, IBANs, payment cards (checksums), e-mail addresses and phone numbers. A
 * non-empty result holds the request for a handler and is the basis of the public redaction.
 * Returns hits sorted by start and non-overlapping.
 */
export function screenText(text: string): ScreeningHit[] {
  return mergeHits([
    ...findPersonalIdentityCodes(text),
    ...findIbans(text),
    ...findPaymentCards(text),
    ...findEmails(text),
    ...findPhoneNumbers(text),
  ]);
}
