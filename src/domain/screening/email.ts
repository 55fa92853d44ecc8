import { type ScreeningHit } from './types';

/**
 * local@domain.tld with at least one dot in the domain and an alphabetic top-level label, so that
 * "@kerava" handles and "klo 12@" slips are left alone. Letters of any script are allowed because
 * addresses such as "åsa.öberg@exempel.se" are typed as they are spoken.
 */
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

/** Finds e-mail addresses written out in full; obfuscated forms ("matti at kerava.fi") are not sought. */
export function findEmails(text: string): ScreeningHit[] {
  return [...text.matchAll(EMAIL)].map((match) => ({
    kind: 'email' as const,
    start: match.index,
    end: match.index + match[0].length,
  }));
}
