import { findEmails } from './email';
import { findIbans } from './iban';
import { mergeHits } from './merge-hits';
import { normalizeText, toOriginalHit } from './normalize-text';
import { findPaymentCards } from './payment-card';
import { findPersonalIdentityCodes } from './personal-identity-code';
import { findPhoneNumbers } from './phone-number';
import { type ScreeningHit } from './types';

/**
 * Screens a request's title or description for personal data that must not be auto-published:
 * identity codes, IBANs, payment cards (checksums), e-mail addresses and phone numbers. The
 * detectors read the normalised text (`normalize-text.ts`), so look-alike characters do not hide
 * an identifier; the hits are offsets into `text` as given, ready for `redactText`. A non-empty
 * result holds the request for a handler and is the basis of the public redaction.
 * Returns hits sorted by start and non-overlapping.
 */
export function screenText(text: string): ScreeningHit[] {
  const normalized = normalizeText(text);
  const hits = [
    ...findPersonalIdentityCodes(normalized.text),
    ...findIbans(normalized.text),
    ...findPaymentCards(normalized.text),
    ...findEmails(normalized.text),
    ...findPhoneNumbers(normalized.text),
  ];
  return mergeHits(hits.map((hit) => toOriginalHit(normalized, hit)));
}
