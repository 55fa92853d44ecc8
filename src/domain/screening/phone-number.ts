import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { isStandalone } from './token-boundary';
import { type ScreeningHit } from './types';

/** Written with the international prefix (+, 00) or the Finnish trunk prefix 0, maybe in brackets. */
const DIALLED_PREFIX = /^(?:\+|00|\(?0)/;

/** Commas and colons separate decimals, coordinates and clock times, never digits of a number. */
const NEVER_IN_PHONE = /[,:]/;

/**
 * Dots and slashes separate dates, times and case numbers ("05.06.2024", "08.00", "045/2026"),
 * but people also write "040.123.4567" or "040/1234567": a 3–4-digit prefix, then either two
 * dotted groups or a whole subscriber number after the slash.
 */
const DOT_OR_SLASH = /[./]/;
const DOTTED_OR_SLASHED_PHONE = /^\(?0\d{2,3}\)?(?:\.\d{2,4}\.\d{2,4}|\/ ?\d{3} ?\d{3,4})$/;

/** 01-02-2024: a day-month-year date written with dashes. */
const DASHED_DATE = /^\d{1,2}([-–])\d{1,2}\1\d{2,4}$/;

/** 0800-1600: opening hours written as four-digit clock times. */
const CLOCK_RANGE = /^(?:[01]\d|2[0-3])[0-5]\d\s*[-–]\s*(?:[01]\d|2[0-3])[0-5]\d$/;

/** 0912345-6: a Finnish business ID (Y-tunnus), seven digits and a check digit. */
const BUSINESS_ID = /^\d{7}-\d$/;

const MIN_DIGITS = 7;

/**
 * The library reads dates ("2024-05-12"), years ("2019–2024"), request ids ("2026-000123"),
 * opening hours ("08.00-16.00") and business IDs ("0912345-6") as valid Finnish numbers, because
 * Finnish numbers may be dialled without the trunk 0 and vary in length. Keeping only what is
 * written the way people write phone numbers removes those without losing real ones.
 */
function looksDialled(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  return (
    DIALLED_PREFIX.test(raw) &&
    digits.length >= MIN_DIGITS &&
    !NEVER_IN_PHONE.test(raw) &&
    (!DOT_OR_SLASH.test(raw) || DOTTED_OR_SLASHED_PHONE.test(raw)) &&
    !DASHED_DATE.test(raw) &&
    !BUSINESS_ID.test(raw) &&
    !CLOCK_RANGE.test(raw)
  );
}

/**
 * Finds phone numbers with libphonenumber-js's full ("max") metadata, so that only numbers in an
 * allocated range of their country count: Finnish ones with or without +358, foreign ones when
 * their country code is written.
 */
export function findPhoneNumbers(text: string): ScreeningHit[] {
  const hits: ScreeningHit[] = [];
  for (const found of findPhoneNumbersInText(text, { defaultCountry: 'FI' })) {
    const raw = text.slice(found.startsAt, found.endsAt);
    if (found.number.isValid() && looksDialled(raw) && isStandalone(text, found.startsAt, found.endsAt)) {
      hits.push({ kind: 'phone_number', start: found.startsAt, end: found.endsAt });
    }
  }
  return hits;
}
